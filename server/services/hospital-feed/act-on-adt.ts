import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { closeEpisode } from "../episodes/close-episode.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import type { AdtCommand, PatientFacts } from "./adt-mapping.js";
import { NOT_ENROLLED_LABEL } from "./clinical-codes.js";
import { enrolDischarge } from "./enrol-discharge.js";
import type { Outcome } from "./message-store.js";

export interface FeedDeps {
  db: Db;
  jobs: JobStarter;
  hospitalName: string;
  timeZone: string;
}

const AA = { code: "AA" } as const;
const ignored = (reason: string): Outcome => ({ result: "IGNORED", ack: AA, reason });

/** Carries out one mapped ADT command; every branch says what became of the message. */
export async function actOnAdt(deps: FeedDeps, command: AdtCommand, messageId: string): Promise<Outcome> {
  switch (command.kind) {
    case "IGNORE":
      return ignored(command.reason);
    case "DISCHARGE":
      return discharge(deps, command);
    case "UPDATE":
      return update(deps.db, command.patient);
    case "CANCEL":
      return cancel(deps, command.patient, command.event);
    case "RETURN":
      return hospitalReturn(deps, command, messageId);
  }
}

async function openEpisodeOf(db: Db, mrn: string) {
  const patient = await db.patient.findUnique({
    where: { mrn },
    select: { id: true, outreachPausedAt: true },
  });
  const episode = patient
    ? await db.episode.findFirst({ where: { patientId: patient.id, status: "ACTIVE" }, select: { id: true } })
    : null;
  return { patient, episode };
}

async function discharge(deps: FeedDeps, cmd: Extract<AdtCommand, { kind: "DISCHARGE" }>): Promise<Outcome> {
  const { patient, episode } = await openEpisodeOf(deps.db, cmd.patient.mrn);
  const returning = Boolean(episode && patient?.outreachPausedAt);
  if (episode && patient && returning) {
    // Back home after a readmission or ED return: the index episode ends and this discharge starts
    // a new one (the readmission stays recorded against the index episode).
    await endEpisode(
      deps,
      episode.id,
      patient.id,
      "Readmitted: a new episode starts from the next discharge",
    );
  } else if (episode) {
    return {
      result: "NOT_ENROLLED",
      ack: AA,
      reason: "Patient already has an active follow-up episode",
      patientId: patient?.id ?? null,
      episodeId: episode.id,
    };
  }
  if (cmd.patientClass === "E" && !returning)
    return ignored("Emergency visit (PV1-2 E), not an inpatient discharge");
  if (cmd.notEnrolled) {
    const patientId =
      cmd.notEnrolled === "NO_MOBILE" ? await phoneOutreach(deps, cmd.patient) : (patient?.id ?? null);
    return { result: "NOT_ENROLLED", ack: AA, reason: NOT_ENROLLED_LABEL[cmd.notEnrolled], patientId };
  }
  const enrolled = await enrolDischarge(deps, {
    mrn: cmd.patient.mrn,
    firstName: cmd.patient.firstName,
    lastName: cmd.patient.lastName,
    phone: cmd.textTo ?? "",
    preferredLanguage: cmd.patient.language ?? "EN",
    timeZone: deps.timeZone,
    protocol: cmd.protocol,
    dischargedAt: cmd.dischargedAt,
    highRiskMedClasses: [],
  });
  if (!enrolled.ok)
    return { result: "NOT_ENROLLED", ack: AA, reason: enrolled.reason, patientId: patient?.id ?? null };
  return {
    result: "ENROLLED",
    ack: AA,
    reason: `Protocol ${cmd.protocol}`,
    patientId: enrolled.patientId,
    episodeId: enrolled.episodeId,
  };
}

// No mobile but a landline: the patient is recorded (texts suppressed as LANDLINE) so a nurse can
// phone them from a task. A landline already on another patient's record leaves only the reason.
async function phoneOutreach(deps: FeedDeps, p: PatientFacts): Promise<string | null> {
  const phone = p.phone.callable;
  if (!phone) return null;
  const owner = await deps.db.patient.findUnique({ where: { phone }, select: { mrn: true } });
  if (owner && owner.mrn !== p.mrn) return null;
  const data = {
    firstName: p.firstName,
    lastName: p.lastName,
    phone,
    phoneStatus: "LANDLINE" as const,
    preferredLanguage: p.language ?? "EN",
  };
  const patient = await deps.db.patient.upsert({
    where: { mrn: p.mrn },
    create: { mrn: p.mrn, timeZone: deps.timeZone, ...data },
    update: data,
    select: { id: true },
  });
  await raiseEscalation(deps, {
    patientId: patient.id,
    episodeId: null,
    severity: "ROUTINE",
    reasonCode: "PHONE_OUTREACH",
    action: "Phone the patient: discharged with no mobile number on file, so no texts can be sent",
    evidence: { source: "hospital-feed" },
  });
  return patient.id;
}

async function update(db: Db, p: PatientFacts): Promise<Outcome> {
  const patient = await db.patient.findUnique({ where: { mrn: p.mrn }, select: { id: true, phone: true } });
  if (!patient) return ignored("Patient is not known to Sequora");
  let phone = p.phone.mobile ?? patient.phone;
  let reason = "Demographics updated";
  if (phone !== patient.phone) {
    const owner = await db.patient.findUnique({ where: { phone }, select: { id: true } });
    if (owner) {
      phone = patient.phone;
      reason = "Demographics updated; the new phone belongs to another patient and was not taken";
    }
  }
  await db.patient.update({
    where: { id: patient.id },
    data: {
      firstName: p.firstName,
      lastName: p.lastName,
      phone,
      ...(phone !== patient.phone ? { phoneStatus: "OK" as const } : {}),
      ...(p.language ? { preferredLanguage: p.language } : {}),
    },
  });
  return { result: "UPDATED", ack: AA, reason, patientId: patient.id };
}

async function cancel(deps: FeedDeps, p: PatientFacts, event: "A11" | "A13"): Promise<Outcome> {
  const { patient, episode } = await openEpisodeOf(deps.db, p.mrn);
  if (!patient || !episode) return ignored("No active follow-up episode to cancel");
  const why =
    event === "A13" ? "Discharge canceled by the hospital (A13)" : "Admission canceled by the hospital (A11)";
  await endEpisode(deps, episode.id, patient.id, why);
  await deps.db.hospitalReturn.updateMany({
    where: { episodeId: episode.id, canceledAt: null },
    data: { canceledAt: now() },
  });
  return { result: "CANCELED", ack: AA, reason: why, patientId: patient.id, episodeId: episode.id };
}

/** Closes the episode, cancels its check-ins, runs and unsent texts, and lifts any pause. */
async function endEpisode(deps: FeedDeps, episodeId: string, patientId: string, reason: string) {
  const { runIds } = await closeEpisode(deps.db, { episodeId, reason });
  await deps.db.message.updateMany({
    where: { patientId, direction: "OUTBOUND", status: "PENDING" },
    data: { status: "CANCELED" },
  });
  await deps.db.patient.update({ where: { id: patientId }, data: { outreachPausedAt: null } });
  for (const runId of runIds) await deps.jobs.cancel(runId);
}

async function hospitalReturn(
  deps: FeedDeps,
  cmd: Extract<AdtCommand, { kind: "RETURN" }>,
  messageId: string,
): Promise<Outcome> {
  const { patient, episode } = await openEpisodeOf(deps.db, cmd.patient.mrn);
  if (!patient || !episode) return ignored("Not in a follow-up episode: not a return");
  const runIds = await deps.db.$transaction(async (tx) => {
    await tx.hospitalReturn.upsert({
      where: { messageId },
      create: {
        messageId,
        patientId: patient.id,
        episodeId: episode.id,
        kind: cmd.returnKind,
        occurredAt: cmd.occurredAt,
      },
      update: {},
    });
    // The send gate reads this flag under the patient's row lock: no scheduled text leaves after it.
    await tx.patient.updateMany({
      where: { id: patient.id, outreachPausedAt: null },
      data: { outreachPausedAt: now() },
    });
    const pending = await tx.checkIn.findMany({
      where: { episodeId: episode.id, status: { in: ["SCHEDULED", "IN_PROGRESS"] } },
      select: { id: true, runId: true },
    });
    await tx.checkIn.updateMany({
      where: { id: { in: pending.map((c) => c.id) } },
      data: { status: "CANCELED", waitTokenId: null },
    });
    await tx.message.updateMany({
      where: { patientId: patient.id, direction: "OUTBOUND", status: "PENDING" },
      data: { status: "CANCELED" },
    });
    const ep = await tx.episode.findUniqueOrThrow({
      where: { id: episode.id },
      select: { enrollRunId: true },
    });
    return [ep.enrollRunId, ...pending.map((c) => c.runId)].filter((r): r is string => Boolean(r));
  });
  for (const runId of runIds) await deps.jobs.cancel(runId);
  const readmitted = cmd.returnKind === "READMISSION";
  await raiseEscalation(deps, {
    patientId: patient.id,
    episodeId: episode.id,
    severity: "ROUTINE",
    reasonCode: readmitted ? "READMITTED" : "ED_RETURN",
    action: readmitted
      ? "Patient readmitted during follow-up: texts paused; review before the next discharge"
      : "Patient returned to the emergency department: texts paused; check on them",
    evidence: { source: "hospital-feed", messageId },
  });
  return {
    result: "RETURNED",
    ack: AA,
    reason: readmitted ? "Readmission recorded; outreach paused" : "ED return recorded; outreach paused",
    patientId: patient.id,
    episodeId: episode.id,
  };
}
