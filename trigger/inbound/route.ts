import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { type CheckInWaits, routeInboundMessage } from "../../server/services/inbound/index.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { taskServices } from "../shared/runtime.js";

// A check-in run waits on a waitpoint token; completing it with the message id (never the text)
// hands the reply over. A token that timed out or was completed already is not waiting any more.
const checkInWaits: CheckInWaits = {
  async resume(tokenId, reply) {
    const token = await wait.retrieveToken(tokenId);
    if (token.status !== "WAITING") return false;
    await wait.completeToken(tokenId, reply);
    return true;
  },
};

/** Routes one stored inbound text (the inbound-message use case's second half). */
export const inboundRouteTask = schemaTask({
  id: "sms.inbound-route",
  schema: JOB_PAYLOADS["sms.inbound-route"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ messageId }) => routeInboundMessage({ ...taskServices(), checkIns: checkInWaits }, messageId),
});
