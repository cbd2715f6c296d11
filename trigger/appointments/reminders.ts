import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import { markReminderSent } from "../../server/services/appointments/appointment-steps.js";
import {
  followUpIfMissed,
  planReminders,
  reminderDue,
} from "../../server/services/appointments/reminders.js";
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
    const services = taskServices();
    const plan = await planReminders(services.db, appointmentId);
    if (!plan) return { outcome: "NOT_FOUND" };
    for (const reminder of plan.reminders) {
      if (reminder.at > now())
        await wait.until({ date: reminder.at, idempotencyKey: await runKey(`reminder:${reminder.which}`) });
      const step = await reminderDue(services.db, plan, reminder);
      if (step.kind === "STOP") return { outcome: step.outcome };
      if (step.kind === "SKIP") continue;
      await sendFromTask(step.text);
      await markReminderSent(services.db, appointmentId, reminder.which);
    }
    if (plan.missedAt > now())
      await wait.until({ date: plan.missedAt, idempotencyKey: await runKey("missed-check") });
    return { outcome: await followUpIfMissed(services, plan) };
  },
});
