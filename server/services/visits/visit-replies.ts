import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SmsService } from "../../sms/index.js";
import { answerOffer } from "./answer-offer.js";
import { patientCancelsVisit } from "./cancel-visit.js";
import { answerProposal } from "./decide-request.js";
import { openOffer } from "./offer-times.js";
import { patientAsksReschedule } from "./reschedule-visit.js";
import { loadVisitSettings } from "./settings.js";

/** The visit questions a patient's reply may answer (reply-meaning's context). */
export async function visitQuestionsWaiting(db: Db, patientId: string) {
  const active = { patientId, episode: { status: "ACTIVE" as const } };
  const [offer, proposals, booked, requested, offers] = await Promise.all([
    openOffer(db, patientId),
    db.visitRequest.count({ where: { patientId, status: "CHANGE_PROPOSED", dueAt: { gt: now() } } }),
    // Visit changes: what "C" could cancel, and whether "R" means anything to this patient.
    db.appointment.count({
      where: { ...active, status: { in: ["SCHEDULED", "CONFIRMED"] }, scheduledAt: { gt: now() } },
    }),
    db.visitRequest.count({ where: { ...active, status: { in: ["PENDING", "CHANGE_PROPOSED"] } } }),
    db.visitOffer.count({ where: active }),
  ]);
  return {
    visitOfferOpen: offer !== null,
    visitChangeProposed: proposals > 0,
    visitBooked: booked + requested > 0,
    visitKnown: booked + requested + offers > 0,
  };
}

/**
 * A reply read (by reply-meaning) as a pick of texted visit times or an answer to a proposed time. Returns what happened, or
 * null when nothing was waiting after all (the reply is then free text for the nurse rules).
 */
export async function routeVisitReply(
  deps: { db: Db; jobs: JobStarter; sms: SmsService },
  input: {
    patientId: string;
    messageId: string;
    answer: { pick: number } | { accept: boolean } | { command: "CANCEL" | "RESCHEDULE" };
  },
): Promise<string | null> {
  if ("command" in input.answer) {
    if (input.answer.command === "RESCHEDULE") return patientAsksReschedule(deps, input);
    const canceled = await patientCancelsVisit(deps, input);
    if (!canceled) return null;
    await deps.sms.send(canceled.reply);
    return "CANCELED";
  }
  if ("accept" in input.answer) {
    const { accept } = input.answer;
    const requestId = await answerProposal(deps, { patientId: input.patientId, accept });
    return requestId ? (accept ? "PROPOSAL_ACCEPTED" : "PROPOSAL_DECLINED") : null;
  }
  const answer = await answerOffer(
    { ...deps, settings: loadVisitSettings() },
    { patientId: input.patientId, messageId: input.messageId, choice: input.answer.pick },
  );
  if (answer.outcome === "NO_OFFER" || answer.outcome === "OUT_OF_RANGE") return null;
  // A reply to the patient's own message goes at once, also in quiet hours.
  if ("reply" in answer) await deps.sms.send(answer.reply);
  return answer.outcome;
}
