import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS, jobs } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import {
  loadAppointment,
  markMissed,
  markReminderSent,
  reminderTimes,
} from "../../server/services/appointments/appointment-steps.js";
import { raiseEscalation } from "../../server/services/escalation/raise-escalation.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/** Reminders 24 h and 2 h before (confirm by reply), then a follow-up task if it was missed. */
export const appointmentRemindersTask = schemaTask({
  id: "appointment.reminders",
  schema: JOB_PAYLOADS["appointment.reminders"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ appointmentId }) => {
    const { db } = taskServices();
    const first = await loadAppointment(db, appointmentId);
    if (!first) return { outcome: "NOT_FOUND" };
    const times = reminderTimes(first.scheduledAt);
    for (const [which, at] of [
      ["24h", times.at24h],
      ["2h", times.at2h],
    ] as const) {
      if (at > now()) await wait.until({ date: at, idempotencyKey: await runKey(`reminder:${which}`) });
      const appt = await loadAppointment(db, appointmentId);
      if (!appt || appt.status === "CANCELED" || appt.status === "COMPLETED")
        return { outcome: appt?.status ?? "GONE" };
      if (appt.scheduledAt.getTime() !== first.scheduledAt.getTime()) return { outcome: "RESCHEDULED" };
      if (at.getTime() + 3_600_000 < now().getTime()) continue; // too late for this reminder to help
      await sendFromTask({
        patientId: appt.patientId,
        episodeId: appt.episodeId,
        template: which === "24h" ? "appt.reminder_24h" : "appt.reminder_2h",
        vars: { at: appt.scheduledAt },
        purpose: which === "24h" ? "SCHEDULED" : "REPLY",
        idempotencyKey: `appt:${appointmentId}:${which}`,
      });
      await markReminderSent(db, appointmentId, which);
    }
    if (times.missedAt > now())
      await wait.until({ date: times.missedAt, idempotencyKey: await runKey("missed-check") });
    if (!(await markMissed(db, appointmentId))) return { outcome: "ATTENDED_OR_CANCELED" };
    await raiseEscalation(
      { db: taskServices().db, jobs },
      {
        patientId: first.patientId,
        episodeId: first.episodeId,
        severity: "ROUTINE",
        reasonCode: "APPOINTMENT_MISSED",
        action: "Call the patient to rebook the follow-up appointment",
        evidence: { appointmentId },
      },
    );
    return { outcome: "MISSED" };
  },
});
