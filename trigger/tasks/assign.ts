import { schemaTask } from "@trigger.dev/sdk";
import { z } from "zod";
import { assignTask } from "../../server/services/assignment/assign-task.js";
import { deliverStaffTexts } from "../../server/services/notifications/staff-texts.js";
import { escalationQueue, standardRetry } from "../shared/config.js";
import { taskServices } from "../shared/runtime.js";

export const assignTaskTask = schemaTask({
  id: "task.assign",
  schema: z.object({ taskId: z.string().min(1), reason: z.enum(["NEW", "RELEASED"]).default("NEW") }),
  queue: escalationQueue,
  retry: standardRetry,
  run: async ({ taskId, reason }) => {
    const { db, sms } = taskServices();
    const result = await assignTask(db, { taskId, reason });
    // Pages the nurse (and, if nobody could take it, nothing is texted: supervisors see it in the app).
    const texts = await deliverStaffTexts(db, sms, { taskId });
    return { ...result, texts };
  },
});
