import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import type { SmsService } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { closeTaskBySystem } from "../tasks/close-by-system.js";

export type VisitOutcome = "ATTENDED" | "NO_SHOW";
export type OutcomeSource = "STAFF" | "EHR" | "SIMULATION";

export interface VisitOutcomeInput {
  appointmentId: string;
  outcome: VisitOutcome;
  userId: string | null;
  source: OutcomeSource;
}

const STATUS = { ATTENDED: "COMPLETED", NO_SHOW: "MISSED" } as const;

/**
 * Records whether the patient came to a visit, once. ATTENDED -> COMPLETED (this is the
 * face-to-face date TCM reads) and the after-visit questions start (`visit.after`). NO_SHOW ->
 * MISSED, new times are texted at once (`visit.offer`, cause NO_SHOW) and a ROUTINE task opens.
 * The same outcome again is a no-op; a correction (no-show -> attended, or attended -> no-show
 * before anything was asked) is allowed because staff and the EHR can disagree. A visit still in
 * the future cannot have an outcome.
 */
export async function recordVisitOutcome(
  deps: { db: Db; jobs: JobStarter; sms?: SmsService },
  input: VisitOutcomeInput,
): Promise<{ changed: boolean }> {
  const { db } = deps;
  const appt = await db.appointment.findUnique({
    where: { id: input.appointmentId },
    select: { id: true, status: true, scheduledAt: true, patientId: true, episodeId: true },
  });
  if (!appt) throw new AppError("NOT_FOUND", "Appointment not found");
  const target = STATUS[input.outcome];
  if (appt.status === target) return { changed: false };
  if (appt.status === "CANCELED") throw new AppError("CONFLICT", "The appointment was cancelled");
  if (appt.scheduledAt > now()) throw new AppError("CONFLICT", "The visit has not happened yet");
  if (appt.status === "COMPLETED" && (await afterVisitStarted(db, appt.id)))
    throw new AppError("CONFLICT", "The after-visit questions already went out");
  // Conditional on the status read above: of two racing calls, one changes it.
  const res = await db.appointment.updateMany({
    where: { id: appt.id, status: appt.status },
    data: {
      status: target,
      outcomeAt: now(),
      outcomeSource: input.source,
      outcomeById: input.userId,
    },
  });
  if (res.count === 0) {
    const again = await db.appointment.findUniqueOrThrow({
      where: { id: appt.id },
      select: { status: true },
    });
    if (again.status === target) return { changed: false };
    throw new AppError("CONFLICT", "The appointment changed meanwhile; reload and try again");
  }
  if (input.outcome === "ATTENDED") {
    await deps.jobs.afterVisit({ id: appt.id, patientId: appt.patientId });
  } else {
    await noShowFollowUp(deps, appt);
  }
  await closeMarkOutcomeTask(deps, appt.patientId);
  return { changed: true };
}

/**
 * The "mark whether the patient came" task (VISIT_OUTCOME_UNKNOWN, one open per patient) has done
 * its job once none of the patient's past visits is left unmarked: the system closes it.
 */
async function closeMarkOutcomeTask(deps: { db: Db; jobs: JobStarter }, patientId: string): Promise<void> {
  const task = await deps.db.escalationTask.findUnique({
    where: { openKey: `${patientId}:VISIT_OUTCOME_UNKNOWN` },
    select: { id: true },
  });
  if (!task) return;
  const unmarked = await deps.db.appointment.count({
    where: { patientId, status: { in: ["SCHEDULED", "CONFIRMED"] }, scheduledAt: { lte: now() } },
  });
  if (unmarked === 0) await closeTaskBySystem(deps, task.id, "visit-outcome-recorded");
}

async function afterVisitStarted(db: Db, appointmentId: string): Promise<boolean> {
  const asked = await db.checkIn.count({ where: { appointmentId, status: { not: "SCHEDULED" } } });
  return asked > 0;
}

async function noShowFollowUp(
  deps: { db: Db; jobs: JobStarter },
  appt: { id: string; patientId: string; episodeId: string },
): Promise<void> {
  // Questions not yet asked after a visit that did not happen are dropped.
  await deps.db.checkIn.updateMany({
    where: { appointmentId: appt.id, status: "SCHEDULED" },
    data: { status: "CANCELED" },
  });
  await deps.jobs.offerVisit({
    episodeId: appt.episodeId,
    patientId: appt.patientId,
    cause: "NO_SHOW",
    key: `noshow:${appt.id}`,
  });
  await raiseEscalation(deps, {
    patientId: appt.patientId,
    episodeId: appt.episodeId,
    severity: "ROUTINE",
    reasonCode: "APPOINTMENT_MISSED",
    action: "The patient missed the follow-up visit: new times were texted; call if they do not pick one",
    evidence: { appointmentId: appt.id, outcome: "NO_SHOW" },
  });
}
