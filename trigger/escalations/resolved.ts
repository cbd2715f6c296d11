import { schemaTask } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { closingTextAfterResolve } from "../../server/services/tasks/resolve-task.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/** After a resolution: the patient's closing text, when the service says one is due. */
export const escalationResolvedTask = schemaTask({
  id: "task.resolved",
  schema: JOB_PAYLOADS["task.resolved"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ taskId }) => {
    const text = await closingTextAfterResolve(taskServices().db, taskId);
    if (!text) return { sent: false };
    const result = await sendFromTask(text);
    return { sent: result.kind === "SENT" };
  },
});
