import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { prepareOffer } from "../../server/services/visits/offer-times.js";
import { loadVisitSettings } from "../../server/services/visits/settings.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/**
 * Texts a patient up to three free visit times. Waits while a check-in conversation is open (its
 * question would take the "1"), and through quiet hours (the send gate defers scheduled texts).
 */
export const visitOfferTask = schemaTask({
  id: "visit.offer",
  schema: JOB_PAYLOADS["visit.offer"],
  queue: careQueue,
  retry: standardRetry,
  run: async (payload) => {
    const services = taskServices();
    const input = { ...payload, key: payload.key ?? `${payload.cause}:${payload.episodeId}` };
    for (let i = 0; i < 12; i++) {
      const step = await prepareOffer({ ...services, settings: loadVisitSettings() }, input);
      if (step.kind === "SKIP") return { outcome: step.reason };
      if (step.kind === "SEND") {
        const sent = await sendFromTask(step.text);
        return { outcome: "OFFERED", offerId: step.offerId, sent: sent.kind };
      }
      await wait.for({ minutes: 30, idempotencyKey: await runKey(`check-in-open:${i}`) });
    }
    return { outcome: "CHECK_IN_STILL_OPEN" };
  },
});
