// The only calls the living demo, the simulator and the e2e fixtures make into the product: every
// record they create is made by these use cases, exactly as intake, a patient's text, the triage
// rules and a nurse's or supervisor's clicks make it. Kept in one file so a change to a use
// case's entry point is re-pointed here only.
import type { Db, Disposition } from "../db/client.js";
import { jobs } from "../jobs/index.js";
import { bookAppointment, markAttended } from "../services/appointments/book-appointment.js";
import { createEpisode } from "../services/enrolment/create-episode.js";
import { type Discharge, enrolPatient as enrolAtIntake } from "../services/enrolment/index.js";
import { type EscalationInput, upsertOpenTask } from "../services/escalation/raise-escalation.js";
import { receivePatientMessage } from "../services/inbound/index.js";
import { addTaskNote, claimTask, reassignTasks, resolveTask } from "../services/tasks/task-commands.js";
import type { SmsConfig, SmsService } from "../sms/index.js";

export interface Messaging {
  db: Db;
  sms: SmsService;
  config: SmsConfig;
}

/**
 * Discharge intake followed by enrolment, as the intake form does it. Re-running it for a patient
 * already in an episode only re-starts the (idempotent) enrolment: a start interrupted between
 * the two steps is completed, never doubled.
 */
export async function enrolPatient(
  db: Db,
  discharge: Discharge,
  hospitalName: string,
): Promise<{ patientId: string; episodeId: string }> {
  const active = await db.episode.findFirst({
    where: { patient: { mrn: discharge.mrn }, status: "ACTIVE" },
    select: { id: true, patientId: true },
  });
  if (active) {
    await jobs.enroll({ id: active.id, patientId: active.patientId });
    return { episodeId: active.id, patientId: active.patientId };
  }
  const { episodeId, patientId } = await enrolAtIntake({ db, jobs, hospitalName }, discharge);
  return { episodeId, patientId };
}

/** Discharge intake alone (no enrolment run, so no check-ins start): a patient in an open episode. */
export async function admitPatient(db: Db, discharge: Discharge, hospitalName: string) {
  return createEpisode(db, discharge, { hospitalName });
}

/**
 * An escalation task recorded as the triage rules record it, without the follow-ups (assignment,
 * SLA monitor): a test places the task exactly where its journey needs it.
 */
export async function raiseTask(db: Db, input: EscalationInput): Promise<string> {
  return (await upsertOpenTask(db, input)).taskId;
}

/** A supervisor hands tasks to a nurse (the SLA board's reassign). */
export async function supervisorAssigns(db: Db, taskId: string, toUserId: string, supervisorId: string) {
  const actor = { kind: "USER" as const, userId: supervisorId, isSupervisor: true };
  const [result] = await reassignTasks(db, { taskIds: [taskId], toUserId, actor });
  if (!result?.ok) throw new Error(`reassign failed: ${result?.error}`);
}

/** Someone with supervisor rights closes a task (e.g. behind another person's back). */
export async function supervisorResolves(
  db: Db,
  taskId: string,
  supervisorId: string,
  disposition: Disposition,
) {
  const actor = { kind: "USER" as const, userId: supervisorId, isSupervisor: true };
  await resolveTask(db, { taskId, disposition, actor });
}

/** A text from a patient's phone, through the same inbound pipeline as Twilio's webhook. */
export async function patientTexts(m: Messaging, from: string, body: string): Promise<void> {
  await receivePatientMessage({ db: m.db, sms: m.sms, jobs, config: m.config }, { from, body });
}

/** A nurse works a task: claims it, documents a call (the SLA clock stops) and resolves it. */
export async function nurseWorksTask(db: Db, taskId: string, nurseId: string): Promise<void> {
  const actor = { kind: "USER" as const, userId: nurseId, isSupervisor: true };
  try {
    await claimTask(db, { taskId, userId: nurseId });
  } catch {
    // Another nurse holds it; a supervisor-level actor may still resolve below.
  }
  await addTaskNote(db, { taskId, text: "Called the patient", contact: true, actor });
  const resolved = await resolveTask(db, { taskId, disposition: "ADVICE_GIVEN", actor });
  await jobs.afterResolve({
    id: resolved.taskId,
    patientId: resolved.patientId,
    monitorRunId: resolved.monitorRunId,
  });
}

/** A nurse documents a call on a task (claiming it first when nobody holds it): contact made. */
export async function nurseDocumentsCall(db: Db, taskId: string, nurseId: string): Promise<void> {
  try {
    await claimTask(db, { taskId, userId: nurseId });
  } catch {
    // Already the nurse's, or someone else's: the supervisor-level actor below may still write.
  }
  const actor = { kind: "USER" as const, userId: nurseId, isSupervisor: true };
  await addTaskNote(db, { taskId, text: "Called the patient", contact: true, actor });
}

/**
 * A follow-up visit that took place, recorded by the appointment use cases: booked (call this at
 * a time before `scheduledAt`), then marked attended. A journey places it in the past, where its
 * reminders have nothing left to do, so none are started.
 */
export async function visitBooked(db: Db, episodeId: string, scheduledAt: Date): Promise<string> {
  const noReminders = { remindAppointment: async (a: { id: string }) => `not-started:${a.id}` };
  const booked = await bookAppointment(
    { db, jobs: noReminders },
    { episodeId, scheduledAt, location: "Riverside Clinic", transportNeeded: false },
  );
  return booked.appointmentId;
}

export async function visitAttended(db: Db, appointmentId: string): Promise<void> {
  await markAttended(db, appointmentId);
}
