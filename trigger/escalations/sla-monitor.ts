import { metadata, schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import {
  adoptMonitor,
  breach,
  loadSlaState,
  nextSlaStep,
  reEscalate,
  warnAssignee,
} from "../../server/services/sla/sla-steps.js";
import { escalationQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

/**
 * Watches one task's SLA: warning, breach (notify + reassign), then re-escalation each further
 * period. Every decision is re-derived from the stored task after each wait, so claim, contact,
 * resolution or a newer monitor (severity change) end it at its next wake-up.
 */
export const slaMonitorTask = schemaTask({
  id: "task.sla-monitor",
  schema: JOB_PAYLOADS["task.sla-monitor"],
  queue: escalationQueue,
  retry: standardRetry,
  run: async ({ taskId }, { ctx }) => {
    const services = taskServices();
    const { db } = services;
    await adoptMonitor(db, taskId, ctx.run.id);
    for (let guard = 0; guard < 20; guard++) {
      const step = nextSlaStep(await loadSlaState(db, taskId), ctx.run.id, now());
      switch (step.kind) {
        case "STOP":
          metadata.set("status", `ended: ${step.reason.toLowerCase()}`);
          return { ended: step.reason };
        case "WAIT":
          metadata.set("status", `waiting for ${step.phase}`).set("until", step.until.toISOString());
          await wait.until({
            date: step.until,
            idempotencyKey: await runKey(`${taskId}:${step.phase}:${step.until.toISOString()}`),
          });
          break;
        case "WARN":
          await warnAssignee(db, taskId);
          break;
        case "BREACH":
          await breach(db, taskId);
          // Supervisors are e-mailed for EMERGENT, and the next nurse (an unclaimed task moves) paged.
          await deliverNotices(services, { taskId });
          break;
        case "REESCALATE":
          await reEscalate(db, taskId, step.level);
          await deliverNotices(services, { taskId });
          break;
      }
    }
    return { ended: "STEP_LIMIT" };
  },
});
