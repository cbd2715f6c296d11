import { TZDate } from "@date-fns/tz";
import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import type { SmsService } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { cancelAppointment, cancelRequest } from "./cancel-visit.js";

type Deps = { db: Db; jobs: JobStarter; sms: SmsService };

export interface ClinicCancelReport {
  slots: number;
  patients: number;
  texted: number;
  tasks: number;
}

interface Affected {
  patientId: string;
  episodeId: string;
  at: Date;
  slotId: string;
}

/** The instants a local calendar day spans in the clinic's time zone. */
function dayBounds(date: string, timeZone: string) {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return {
    gte: new Date(new TZDate(y, m - 1, d, timeZone).getTime()),
    lt: new Date(new TZDate(y, m - 1, d + 1, timeZone).getTime()),
  };
}

/**
 * The clinic cancels a clinician's day (or one time): every future slot in it becomes CANCELED
 * (the day also becomes a day off, so the nightly generation does not bring it back), each booked
 * appointment and waiting request on it is cancelled, and each patient is texted an apology at
 * once and offered new times. A patient the texts cannot reach (opted out, no consent, a bad phone,
 * back in hospital, no longer followed) gets a nurse task instead; no free time is handled by the
 * offer itself (it opens the task).
 */
export async function cancelClinicTimes(
  deps: Deps,
  input: { clinicianId: string; date?: string; slotId?: string; reason: string; userId: string },
): Promise<ClinicCancelReport> {
  const { db } = deps;
  const clinician = await db.clinician.findUnique({
    where: { id: input.clinicianId },
    select: { id: true, clinic: { select: { timeZone: true } } },
  });
  if (!clinician) throw notFound("Clinician");
  if (!input.date && !input.slotId) throw new AppError("INVALID_INPUT", "Pick a day or a time to cancel");
  const startsAt = input.slotId ? undefined : dayBounds(input.date as string, clinician.clinic.timeZone);
  const slots = await db.slot.findMany({
    where: {
      clinicianId: clinician.id,
      status: { not: "CANCELED" },
      ...(input.slotId ? { id: input.slotId } : {}),
      ...(startsAt ? { startsAt } : {}),
    },
    select: { id: true, startsAt: true, status: true },
  });
  if (input.slotId && slots.length === 0)
    throw new AppError("CONFLICT", "That time is already cancelled or gone");
  const future = slots.filter((s) => s.startsAt > now());
  if (input.date && !input.slotId)
    await db.availabilityException.upsert({
      where: { clinicianId_date: { clinicianId: clinician.id, date: input.date } },
      create: { clinicianId: clinician.id, date: input.date, reason: input.reason.slice(0, 120) },
      update: {},
    });
  const affected: Affected[] = [];
  for (const slot of future) affected.push(...(await cancelOneSlot(deps, slot, input.reason)));
  let texted = 0;
  let tasks = 0;
  for (const a of affected) {
    if (await tellPatient(deps, a)) texted++;
    else tasks++;
  }
  return { slots: future.length, patients: affected.length, texted, tasks };
}

async function cancelOneSlot(deps: Deps, slot: { id: string; startsAt: Date }, reason: string) {
  const { db } = deps;
  const affected: Affected[] = [];
  const [appointments, requests] = await Promise.all([
    db.appointment.findMany({
      where: { slotId: slot.id, status: { in: ["SCHEDULED", "CONFIRMED"] } },
      select: { id: true, patientId: true, episodeId: true },
    }),
    db.visitRequest.findMany({
      where: {
        OR: [{ slotId: slot.id }, { proposedSlotId: slot.id }],
        status: { in: ["PENDING", "CHANGE_PROPOSED"] },
      },
      select: { id: true, patientId: true, episodeId: true },
    }),
  ]);
  for (const a of appointments)
    if (await cancelAppointment(db, a.id, "CANCELED"))
      affected.push({ ...a, at: slot.startsAt, slotId: slot.id });
  for (const r of requests)
    if (await cancelRequest(deps, r.id, "CANCELED"))
      affected.push({ ...r, at: slot.startsAt, slotId: slot.id });
  // FREE ones too: a cancelled day must not be offered to anyone else.
  await db.slot.update({
    where: { id: slot.id },
    data: { status: "CANCELED", holdExpiresAt: null, cancelReason: reason },
  });
  return affected;
}

/** Apology and new times, or a nurse task when texts cannot reach the patient. True when texted. */
async function tellPatient(deps: Deps, a: Affected): Promise<boolean> {
  const patient = await deps.db.patient.findUniqueOrThrow({
    where: { id: a.patientId },
    select: {
      optedOut: true,
      consentStatus: true,
      phoneStatus: true,
      outreachPausedAt: true,
      episodes: { where: { id: a.episodeId }, select: { status: true } },
    },
  });
  const why = unreachable(patient);
  if (!why) {
    const sent = await deps.sms.send({
      patientId: a.patientId,
      episodeId: a.episodeId,
      template: "visit.clinic_canceled",
      vars: { at: a.at },
      purpose: "SCHEDULED",
      idempotencyKey: `clinic-cancel:${a.slotId}:${a.patientId}`,
    });
    if (sent.kind === "SENT" || sent.kind === "DEFERRED") {
      if (sent.kind === "DEFERRED" && tooLate(sent.notBefore, a.at))
        await callBeforeVisit(deps, a, sent.notBefore);
      await deps.jobs.offerVisit({
        episodeId: a.episodeId,
        patientId: a.patientId,
        cause: "CLINIC_CANCELED",
        key: `clinic-cancel:${a.slotId}:${a.patientId}`,
      });
      return true;
    }
  }
  await raiseEscalation(deps, {
    patientId: a.patientId,
    episodeId: a.episodeId,
    severity: "ROUTINE",
    reasonCode: "FOLLOWUP_NOT_SCHEDULED",
    action: "The clinic cancelled this patient's visit and texts cannot reach them: call to rebook",
    evidence: { cause: "CLINIC_CANCELED", slotId: a.slotId, unreachable: why ?? "SEND_FAILED" },
  });
  return false;
}

/** Quiet hours hold the apology until it lands less than this before the visit: a nurse calls. */
const CALL_IF_TEXT_LANDS_WITHIN_MS = 3 * 3_600_000;
const tooLate = (textAt: Date, visitAt: Date) =>
  textAt.getTime() > visitAt.getTime() - CALL_IF_TEXT_LANDS_WITHIN_MS;

/**
 * A visit early tomorrow cancelled late tonight: the apology waits for the patient's morning and
 * may come after they set off. The text still goes then; a nurse call (URGENT, within 2 h) is the
 * way to reach them in time.
 */
async function callBeforeVisit(deps: Deps, a: Affected, textAt: Date): Promise<void> {
  await raiseEscalation(deps, {
    patientId: a.patientId,
    episodeId: a.episodeId,
    severity: "URGENT",
    reasonCode: "VISIT_CANCELED_SHORT_NOTICE",
    action:
      "The clinic cancelled this patient's visit and quiet hours hold the text until shortly before it: call so they do not travel",
    evidence: {
      cause: "CLINIC_CANCELED",
      slotId: a.slotId,
      visitAt: a.at.toISOString(),
      textAt: textAt.toISOString(),
    },
  });
}

function unreachable(p: {
  optedOut: boolean;
  consentStatus: string;
  phoneStatus: string;
  outreachPausedAt: Date | null;
  episodes: { status: string }[];
}): string | null {
  if (p.episodes[0]?.status !== "ACTIVE") return "NOT_FOLLOWED";
  if (p.optedOut) return "OPTED_OUT";
  if (p.consentStatus !== "GRANTED") return "NO_CONSENT";
  if (p.phoneStatus !== "OK") return "PHONE_BAD";
  if (p.outreachPausedAt) return "PAUSED";
  return null;
}

/**
 * A clinician's slots on a local day, any status, for the admin's cancel dialog. `past` is read on
 * the product's clock (a demo's may be ahead of the browser's): past times cannot be cancelled.
 */
export async function clinicianDay(db: Db, input: { clinicianId: string; date: string }) {
  const clinician = await db.clinician.findUnique({
    where: { id: input.clinicianId },
    select: { clinic: { select: { timeZone: true } } },
  });
  if (!clinician) throw notFound("Clinician");
  const slots = await db.slot.findMany({
    where: { clinicianId: input.clinicianId, startsAt: dayBounds(input.date, clinician.clinic.timeZone) },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, status: true },
  });
  const at = now();
  return slots.map((s) => ({ ...s, past: s.startsAt <= at }));
}
