import { metadata, schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { nextRequestStep, recordRequestToken } from "../../server/services/visits/request-steps.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/**
 * A patient's visit request from pick to outcome: waits (a waitpoint token with the request's
 * deadline as its timeout) for staff to approve, reject or propose another time, and for the
 * patient's answer to a proposal; on time-out it expires. Staff and patient wake it by completing
 * the token; the steps in services/visits decide what follows.
 */
export const visitRequestTask = schemaTask({
  id: "visit.request",
  schema: JOB_PAYLOADS["visit.request"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ requestId }) => {
    const services = taskServices();
    // At most: pending, a proposal, and a few early wake-ups.
    for (let round = 0; round < 8; round++) {
      const step = await nextRequestStep(services, requestId);
      if (step.kind === "DONE") {
        for (const text of step.texts) await sendFromTask(text);
        metadata.set("status", step.outcome.toLowerCase());
        return { outcome: step.outcome };
      }
      if (step.text) await sendFromTask(step.text);
      metadata.set("status", step.status === "PENDING" ? "waiting for staff" : "waiting for the patient");
      const token = await wait.createToken({
        timeout: step.until,
        idempotencyKey: await runKey(`decision:${step.status}:${round}`),
      });
      if (await recordRequestToken(services.db, requestId, step.status, token.id))
        await wait.forToken(token.id);
    }
    return { outcome: "TOO_MANY_ROUNDS" };
  },
});
