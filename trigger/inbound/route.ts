import { schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { readReply } from "../../server/llm-reader/index.js";
import { confirmUpcomingAppointment } from "../../server/services/appointments/appointment-steps.js";
import { isConfirmation, loadInbound, waitingCheckIn } from "../../server/services/inbound/route-target.js";
import { markInboundProcessed } from "../../server/sms/index.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { actOnJudgement } from "../shared/judged-reply.js";
import { taskServices } from "../shared/runtime.js";

/**
 * Routes one stored inbound text: to the check-in waiting for it (by completing its waitpoint
 * token with the message id), otherwise through the free-text rules (emergency words escalate at
 * once; anything else becomes a nurse review task). Opted-out patients get nothing back.
 */
export const inboundRouteTask = schemaTask({
  id: "sms.inbound-route",
  schema: JOB_PAYLOADS["sms.inbound-route"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ messageId }) => {
    const { db } = taskServices();
    const msg = await loadInbound(db, messageId);
    if (msg?.direction !== "INBOUND") return { routed: "NOT_FOUND" as const };
    if (msg.processedAt) return { routed: "ALREADY_PROCESSED" as const };
    if (msg.patient.optedOut) {
      await markInboundProcessed(db, messageId);
      return { routed: "OPTED_OUT" as const };
    }
    const episode = msg.episode?.status === "ACTIVE" ? msg.episode : null;
    if (episode) {
      const checkIn = await waitingCheckIn(db, episode.id);
      if (checkIn?.waitTokenId) {
        const token = await wait.retrieveToken(checkIn.waitTokenId);
        if (token.status === "WAITING") {
          await wait.completeToken(checkIn.waitTokenId, { messageId });
          await markInboundProcessed(db, messageId);
          return { routed: "CHECK_IN" as const, checkInId: checkIn.id };
        }
      }
    }
    if (isConfirmation(msg.body)) {
      const appointmentId = await confirmUpcomingAppointment(db, msg.patient.id);
      if (appointmentId) {
        await markInboundProcessed(db, messageId);
        return { routed: "APPOINTMENT" as const, appointmentId };
      }
    }
    const { judgement, readers } = await readReply(
      {
        protocol: episode?.protocol ?? "GENERAL",
        ...(episode ? { protocolVersion: episode.protocolVersion } : {}),
        topic: "free_text",
        reply: msg.body,
        language: msg.patient.preferredLanguage,
        receivedAt: msg.createdAt,
      },
      [msg.patient.firstName, msg.patient.lastName],
    );
    if (judgement.outcome !== "ANSWER") throw new Error("free text is always judged as an answer");
    const acted = await actOnJudgement({
      judgement,
      rawText: msg.body,
      patientId: msg.patient.id,
      episodeId: episode?.id ?? null,
      messageId,
      readers,
    });
    await markInboundProcessed(db, messageId);
    return { routed: "NURSE" as const, severity: acted.severity, taskIds: acted.taskIds };
  },
});
