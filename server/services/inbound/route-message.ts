import type { Db, Severity } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { readReply } from "../../llm-reader/index.js";
import type { SmsService } from "../../sms/index.js";
import { detectEmergency } from "../../triage/index.js";
import { confirmUpcomingAppointment } from "../appointments/appointment-steps.js";
import { requestRide } from "../appointments/transport.js";
import { actOnJudgement } from "../replies/act-on-judgement.js";
import { routeVisitReply, visitQuestionsWaiting } from "../visits/visit-replies.js";
import { loadInbound, markInboundProcessed, waitingCheckIn } from "./inbound-store.js";
import {
  offerChoice,
  proposalAnswer,
  type ReplyContext,
  replyMeaning,
  visitCommand,
} from "./reply-meaning.js";

/**
 * The waiting check-in's side of the hand-over, owned by the engine (Trigger.dev waitpoint tokens):
 * `resume` gives the reply's message id to the check-in run if its question still waits, and says
 * whether it did.
 */
export interface CheckInWaits {
  resume(tokenId: string, reply: { messageId: string }): Promise<boolean>;
}

export interface RouteDeps {
  db: Db;
  sms: SmsService;
  jobs: JobStarter;
  checkIns: CheckInWaits;
}

export type RouteOutcome =
  | { routed: "NOT_FOUND" | "ALREADY_PROCESSED" | "OPTED_OUT" }
  | { routed: "CHECK_IN"; checkInId: string }
  | { routed: "APPOINTMENT" | "TRANSPORT"; appointmentId: string }
  | { routed: "VISIT_OFFER" | "VISIT_CHANGE" | "VISIT_CANCEL" | "VISIT_RESCHEDULE"; outcome: string }
  | { routed: "NURSE"; severity: Severity; taskIds: string[] };

/**
 * Routes one stored inbound text to who reads it (reply-meaning): the check-in waiting for it,
 * the appointment it confirms, or the free-text rules (emergency words escalate at once; anything
 * else becomes a nurse review task). Marks it processed once that is durable. Idempotent per
 * message: a processed message is left alone, and every step below is keyed.
 */
export async function routeInboundMessage(deps: RouteDeps, messageId: string): Promise<RouteOutcome> {
  const { db } = deps;
  const msg = await loadInbound(db, messageId);
  if (msg?.direction !== "INBOUND") return { routed: "NOT_FOUND" };
  if (msg.processedAt) return { routed: "ALREADY_PROCESSED" };
  if (msg.patient.optedOut) {
    await markInboundProcessed(db, messageId);
    return { routed: "OPTED_OUT" };
  }
  const episode = msg.episode?.status === "ACTIVE" ? msg.episode : null;
  const checkIn = episode ? await waitingCheckIn(db, episode.id) : null;
  if (checkIn?.waitTokenId && (await deps.checkIns.resume(checkIn.waitTokenId, { messageId }))) {
    await markInboundProcessed(db, messageId);
    return { routed: "CHECK_IN", checkInId: checkIn.id };
  }
  // Consent was settled at receipt; the question (if any) no longer waits.
  const ctx: ReplyContext = {
    consentPending: false,
    checkInOpen: false,
    appointmentAwaitingConfirmation: true,
    ...(await visitQuestionsWaiting(db, msg.patient.id)),
  };
  const reader = replyMeaning(msg.body, ctx).reader;
  if (reader === "VISIT_OFFER" || reader === "VISIT_CHANGE") {
    const answer =
      reader === "VISIT_OFFER"
        ? { pick: offerChoice(msg.body) ?? -1 }
        : { accept: proposalAnswer(msg.body) === true };
    const visit = await routeVisitReply(deps, { patientId: msg.patient.id, messageId, answer });
    if (visit) {
      await markInboundProcessed(db, messageId);
      return { routed: reader, outcome: visit };
    }
  }
  if (reader === "VISIT_CANCEL" || reader === "VISIT_RESCHEDULE") {
    const command = visitCommand(msg.body);
    const visit = command
      ? await routeVisitReply(deps, {
          patientId: msg.patient.id,
          messageId,
          answer: { command: command.command },
        })
      : null;
    // Patient safety: "cancel my appointment, chest pain" is cancelled AND judged by triage below.
    if (visit && !command?.rest) {
      await markInboundProcessed(db, messageId);
      return { routed: reader, outcome: visit };
    }
  }
  if (reader === "APPOINTMENT") {
    // The appointment service finds the one awaiting confirmation and confirms it in one step;
    // none found means the reply is free text after all.
    const appointmentId = await confirmUpcomingAppointment(db, msg.patient.id);
    if (appointmentId) {
      await markInboundProcessed(db, messageId);
      return { routed: "APPOINTMENT", appointmentId };
    }
  }
  // "No ride, and chest pain": the emergency words must still be judged, so such a text goes on.
  if (reader === "TRANSPORT" && !detectEmergency(msg.body).emergent) {
    const appointmentId = await requestRide(deps, { patientId: msg.patient.id, messageId });
    if (appointmentId) {
      await markInboundProcessed(db, messageId);
      return { routed: "TRANSPORT", appointmentId };
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
  const acted = await actOnJudgement(deps, {
    judgement,
    rawText: msg.body,
    patientId: msg.patient.id,
    episodeId: episode?.id ?? null,
    messageId,
    readers,
  });
  await markInboundProcessed(db, messageId);
  return { routed: "NURSE", severity: acted.severity, taskIds: acted.taskIds };
}
