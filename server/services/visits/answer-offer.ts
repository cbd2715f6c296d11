import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { SLOT_SELECT } from "./book-slot.js";
import { addBusinessHours } from "./business-hours.js";
import { openOffer } from "./offer-times.js";
import type { VisitSettings } from "./settings.js";

export type OfferAnswer =
  | { outcome: "NO_OFFER" | "OUT_OF_RANGE" }
  | { outcome: "DECLINED"; reply: SendInput; taskId: string }
  | { outcome: "TAKEN" }
  | { outcome: "REQUESTED"; requestId: string; reply: SendInput };

/**
 * The patient answered an offer: 0 means none suit (a nurse calls), 1-3 holds that slot and makes a
 * visit request for staff, run by `visit.request` until approved, rejected or expired. A time taken
 * meanwhile gets a fresh offer instead. Keyed by the reply's message id.
 */
export async function answerOffer(
  deps: { db: Db; jobs: JobStarter; settings: VisitSettings },
  input: { patientId: string; choice: number; messageId: string },
): Promise<OfferAnswer> {
  const { db } = deps;
  const offer = await openOffer(db, input.patientId);
  if (!offer) return { outcome: "NO_OFFER" };
  const reply = (template: "visit.declined" | "visit.requested", vars: Record<string, unknown>) =>
    ({
      patientId: offer.patientId,
      episodeId: offer.episodeId,
      template,
      vars,
      purpose: "REPLY",
      idempotencyKey: `visit-answer:${input.messageId}`,
    }) as SendInput;
  if (input.choice === 0) {
    await db.visitOffer.updateMany({
      where: { id: offer.id, status: "OPEN" },
      data: { status: "DECLINED", respondedAt: now() },
    });
    const task = await raiseEscalation(deps, {
      patientId: offer.patientId,
      episodeId: offer.episodeId,
      severity: "ROUTINE",
      reasonCode: "FOLLOWUP_NOT_SCHEDULED",
      action: "None of the texted visit times suited: call the patient to book the follow-up visit",
      evidence: { offerId: offer.id, messageId: input.messageId },
    });
    return { outcome: "DECLINED", reply: reply("visit.declined", {}), taskId: task.taskId };
  }
  const slotId = offer.slotIds[input.choice - 1];
  if (!slotId) return { outcome: "OUT_OF_RANGE" };
  const slot = await db.slot.findUnique({ where: { id: slotId }, select: SLOT_SELECT });
  const dueAt = addBusinessHours(
    now(),
    deps.settings.VISIT_REQUEST_BUSINESS_HOURS,
    slot?.clinic ?? { timeZone: "UTC", holidays: [] },
  );
  const made = await db.$transaction(async (tx) => {
    const answered = await tx.visitOffer.updateMany({
      where: { id: offer.id, status: "OPEN" },
      data: { status: "PICKED", respondedAt: now() },
    });
    if (answered.count !== 1) return null;
    const held = await tx.slot.updateMany({
      where: { id: slotId, status: "FREE", startsAt: { gt: now() } },
      data: { status: "HELD", holdExpiresAt: dueAt },
    });
    if (held.count !== 1) return "TAKEN" as const;
    return tx.visitRequest.create({
      data: { patientId: offer.patientId, episodeId: offer.episodeId, offerId: offer.id, slotId, dueAt },
      select: { id: true, patientId: true },
    });
  });
  if (made === null) return { outcome: "NO_OFFER" };
  if (made === "TAKEN") {
    await deps.jobs.offerVisit({
      episodeId: offer.episodeId,
      patientId: offer.patientId,
      cause: "TAKEN",
      key: `taken:${offer.id}`,
    });
    return { outcome: "TAKEN" };
  }
  const runId = await deps.jobs.visitRequest(made);
  await db.visitRequest.update({ where: { id: made.id }, data: { runId } });
  return {
    outcome: "REQUESTED",
    requestId: made.id,
    reply: reply("visit.requested", { at: slot!.startsAt }),
  };
}
