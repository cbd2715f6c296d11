import type { Db } from "../../db/client.js";
import { type JobStarter, jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { clip } from "../../lib/text.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { type LoadedAppointment, loadAppointment } from "./appointment-steps.js";
import { type ReminderKind, reminderSchedule } from "./reminder-times.js";

const HOUR = 3_600_000;

/**
 * Remind about an appointment: the steps of `appointment.reminders` (24 h and 2 h before, moved
 * out of the patient's quiet hours; confirm by reply; then, if nobody marked whether the patient
 * came, a task asking staff to). The task owns the waiting between them.
 */

export type { ReminderKind };

export interface ReminderPlan {
  appointmentId: string;
  patientId: string;
  episodeId: string;
  scheduledAt: Date;
  reminders: { which: ReminderKind; at: Date }[];
  /** After the visit plus the grace: ask staff to mark attended or no-show, if nobody has. */
  markBy: Date;
}

export async function planReminders(
  db: Db,
  appointmentId: string,
  graceHours: number,
): Promise<ReminderPlan | null> {
  const appt = await loadAppointment(db, appointmentId);
  if (!appt) return null;
  return {
    appointmentId,
    patientId: appt.patientId,
    episodeId: appt.episodeId,
    scheduledAt: appt.scheduledAt,
    reminders: reminderSchedule(appt.scheduledAt, appt.patient.timeZone),
    markBy: new Date(appt.scheduledAt.getTime() + graceHours * HOUR),
  };
}

export type ReminderStep =
  | { kind: "STOP"; outcome: string }
  | { kind: "SKIP" }
  | { kind: "SEND"; text: SendInput };

/**
 * The reminder's details: the clinic's address, clinician, parking and building notes and time
 * zone when it was booked from a slot; only the typed location otherwise. Clipped so the text
 * stays within two SMS segments. The ride line once staff booked one.
 */
export function reminderText(appt: LoadedAppointment, which: ReminderKind, key: string): SendInput {
  const clinic = appt.slot?.clinic;
  const ride = appt.transportNeeded && appt.rideBookedAt !== null;
  const base = { at: appt.scheduledAt, ride, ...(clinic ? { timeZone: clinic.timeZone } : {}) };
  const common = { patientId: appt.patientId, episodeId: appt.episodeId, idempotencyKey: key };
  if (which === "24h")
    return {
      ...common,
      template: "appt.reminder_24h",
      purpose: "SCHEDULED",
      vars: {
        ...base,
        address: clip(clinic?.address ?? appt.location, 50),
        ...(appt.slot ? { clinician: clip(appt.slot.clinician.name, 28) } : {}),
        ...(clinic?.prepNotes ? { prep: clinic.prepNotes } : {}),
      },
    };
  return {
    ...common,
    template: "appt.reminder_2h",
    purpose: "REPLY",
    vars: {
      ...base,
      ...(clinic?.parkingNotes ? { parking: clip(clinic.parkingNotes, 70) } : {}),
      ...(clinic?.buildingNotes ? { building: clip(clinic.buildingNotes, 70) } : {}),
    },
  };
}

/** What to do when a reminder is due: stop (cancelled, attended, moved), skip (too late), or send. */
export async function reminderDue(
  db: Db,
  plan: ReminderPlan,
  reminder: { which: ReminderKind; at: Date },
): Promise<ReminderStep> {
  const appt = await loadAppointment(db, plan.appointmentId);
  if (!appt || appt.status === "CANCELED" || appt.status === "COMPLETED" || appt.status === "MISSED")
    return { kind: "STOP", outcome: appt?.status ?? "GONE" };
  if (appt.scheduledAt.getTime() !== plan.scheduledAt.getTime())
    return { kind: "STOP", outcome: "RESCHEDULED" };
  // More than an hour late (the run was down), or the visit already began: it would only confuse.
  if (reminder.at.getTime() + HOUR < now().getTime() || appt.scheduledAt <= now()) return { kind: "SKIP" };
  const key = `${jobKeys.appointmentReminders(plan.appointmentId)}:${reminder.which}`;
  return { kind: "SEND", text: reminderText(appt, reminder.which, key) };
}

/**
 * After the visit plus the grace: nobody said whether the patient came. Not a silent MISSED (the
 * patient may well have been seen): a routine task asks staff to mark it, which then offers new
 * times or starts the after-visit questions.
 */
export async function askToMarkOutcome(
  deps: { db: Db; jobs: JobStarter },
  plan: ReminderPlan,
): Promise<"ASKED" | "MARKED_OR_CANCELED"> {
  const appt = await deps.db.appointment.findUnique({
    where: { id: plan.appointmentId },
    select: { status: true, scheduledAt: true, episode: { select: { status: true } } },
  });
  if (!appt || (appt.status !== "SCHEDULED" && appt.status !== "CONFIRMED")) return "MARKED_OR_CANCELED";
  if (appt.scheduledAt.getTime() !== plan.scheduledAt.getTime()) return "MARKED_OR_CANCELED";
  if (appt.episode.status !== "ACTIVE") return "MARKED_OR_CANCELED";
  await raiseEscalation(deps, {
    patientId: plan.patientId,
    episodeId: plan.episodeId,
    severity: "ROUTINE",
    reasonCode: "VISIT_OUTCOME_UNKNOWN",
    action: "Mark whether the patient attended the follow-up visit (patient page or Visit requests)",
    evidence: { appointmentId: plan.appointmentId, scheduledAt: plan.scheduledAt.toISOString() },
  });
  return "ASKED";
}
