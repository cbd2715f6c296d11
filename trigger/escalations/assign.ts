import { schemaTask } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { assignTask } from "../../server/services/assignment/assign-task.js";
import { escalationQueue, standardRetry } from "../shared/config.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

export const assignEscalationTask = schemaTask({
  id: "task.assign",
  schema: JOB_PAYLOADS["task.assign"],
  queue: escalationQueue,
  retry: standardRetry,
  run: async ({ taskId, reason }) => {
    const services = taskServices();
    const result = await assignTask(services.db, { taskId, reason });
    // The assignee is paged by SMS (and e-mailed for EMERGENT) as well as told in the app.
    return { ...result, ...(await deliverNotices(services, { taskId })) };
  },
});
