import type { Db } from "../../db/client.js";
import { type JobStarter, jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { loadAppointment, markMissed, reminderTimes } from "./appointment-steps.js";

const HOUR = 3_600_000;

/**
 * Remind about an appointment: the steps of `appointment.reminders` (24 h and 2 h before, confirm
 * by reply; a follow-up task when it was missed). The task owns the waiting between them.
 */

export type ReminderKind = "24h" | "2h";

export interface ReminderPlan {
  appointmentId: string;
  patientId: string;
  episodeId: string;
  scheduledAt: Date;
  reminders: { which: ReminderKind; at: Date }[];
  missedAt: Date;
}

export async function planReminders(db: Db, appointmentId: string): Promise<ReminderPlan | null> {
  const appt = await loadAppointment(db, appointmentId);
  if (!appt) return null;
  const times = reminderTimes(appt.scheduledAt);
  return {
    appointmentId,
    patientId: appt.patientId,
    episodeId: appt.episodeId,
    scheduledAt: appt.scheduledAt,
    reminders: [
      { which: "24h", at: times.at24h },
      { which: "2h", at: times.at2h },
    ],
    missedAt: times.missedAt,
  };
}

export type ReminderStep =
  | { kind: "STOP"; outcome: string }
  | { kind: "SKIP" }
  | { kind: "SEND"; text: SendInput };

/** What to do when a reminder is due: stop (cancelled, attended, moved), skip (too late), or send. */
export async function reminderDue(
  db: Db,
  plan: ReminderPlan,
  reminder: { which: ReminderKind; at: Date },
): Promise<ReminderStep> {
  const appt = await loadAppointment(db, plan.appointmentId);
  if (!appt || appt.status === "CANCELED" || appt.status === "COMPLETED")
    return { kind: "STOP", outcome: appt?.status ?? "GONE" };
  if (appt.scheduledAt.getTime() !== plan.scheduledAt.getTime())
    return { kind: "STOP", outcome: "RESCHEDULED" };
  // More than an hour late (the run was down), a reminder would only confuse.
  if (reminder.at.getTime() + HOUR < now().getTime()) return { kind: "SKIP" };
  return {
    kind: "SEND",
    text: {
      patientId: appt.patientId,
      episodeId: appt.episodeId,
      template: reminder.which === "24h" ? "appt.reminder_24h" : "appt.reminder_2h",
      vars: { at: appt.scheduledAt },
      purpose: reminder.which === "24h" ? "SCHEDULED" : "REPLY",
      idempotencyKey: `${jobKeys.appointmentReminders(plan.appointmentId)}:${reminder.which}`,
    },
  };
}

/** After the grace period: an appointment neither attended nor cancelled is missed, and a nurse rebooks. */
export async function followUpIfMissed(
  deps: { db: Db; jobs: JobStarter },
  plan: ReminderPlan,
): Promise<"MISSED" | "ATTENDED_OR_CANCELED"> {
  if (!(await markMissed(deps.db, plan.appointmentId))) return "ATTENDED_OR_CANCELED";
  await raiseEscalation(deps, {
    patientId: plan.patientId,
    episodeId: plan.episodeId,
    severity: "ROUTINE",
    reasonCode: "APPOINTMENT_MISSED",
    action: "Call the patient to rebook the follow-up appointment",
    evidence: { appointmentId: plan.appointmentId },
  });
  return "MISSED";
}
