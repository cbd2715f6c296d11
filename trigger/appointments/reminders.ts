import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import { markReminderSent } from "../../server/services/appointments/appointment-steps.js";
import {
  askToMarkOutcome,
  planReminders,
  reminderDue,
} from "../../server/services/appointments/reminders.js";
import { loadVisitSettings } from "../../server/services/visits/settings.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/**
 * Reminders 24 h and 2 h before (moved out of quiet hours; confirm by reply), then, once the visit
 * plus the grace has passed with no outcome marked, a task asking staff to mark it.
 */
export const appointmentRemindersTask = schemaTask({
  id: "appointment.reminders",
  schema: JOB_PAYLOADS["appointment.reminders"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ appointmentId }) => {
    const services = taskServices();
    const grace = loadVisitSettings().VISIT_MARK_GRACE_HOURS;
    const plan = await planReminders(services.db, appointmentId, grace);
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
    if (plan.markBy > now())
      await wait.until({ date: plan.markBy, idempotencyKey: await runKey("outcome-check") });
    return { outcome: await askToMarkOutcome(services, plan) };
  },
});
