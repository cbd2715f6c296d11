import { randomUUID } from "node:crypto";
import type { Db, Protocol } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import type { VisitSettings } from "./settings.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFER_LIFETIME_MS = 3 * DAY;

/** Why times are offered; the first two only to a patient with no visit yet. */
export type OfferCause =
  | "DAY2"
  | "CHECK_IN"
  | "REJECTED"
  | "TAKEN"
  | "NO_SHOW"
  | "CLINIC_CANCELED"
  | "RESCHEDULE";
const FIRST_OFFER = new Set(["DAY2", "CHECK_IN"]);
const SORRY = new Set(["REJECTED", "TAKEN", "CLINIC_CANCELED"]);

/** TCM: heart failure and heart attack patients should be seen within 7 days, the rest within 14. */
export function visitWindowDays(protocol: Protocol, s: VisitSettings): number {
  return protocol === "HF" || protocol === "AMI" ? s.VISIT_WINDOW_DAYS_HIGH_RISK : s.VISIT_WINDOW_DAYS;
}

/** A new offer as `sequora_make_visit_offer` returns it (the columns `offerText` reads). */
interface MadeOffer {
  id: string;
  key: string;
  cause: string;
  patientId: string;
  episodeId: string;
  slotIds: string[];
}

export type OfferStep =
  | { kind: "SKIP"; reason: "NOT_ACTIVE" | "OPTED_OUT" | "HAS_VISIT" | "NO_SLOTS" }
  | { kind: "WAIT_CHECK_IN" }
  | { kind: "SEND"; offerId: string; text: SendInput };

/** Does the episode already have a visit booked, attended or waiting for staff? */
export async function hasVisit(db: Db, episodeId: string): Promise<boolean> {
  const [appointments, requests] = await Promise.all([
    db.appointment.count({ where: { episodeId, status: { in: ["SCHEDULED", "CONFIRMED", "COMPLETED"] } } }),
    db.visitRequest.count({ where: { episodeId, status: { in: ["PENDING", "CHANGE_PROPOSED"] } } }),
  ]);
  return appointments + requests > 0;
}

/** The offer's text, rebuilt from its stored slots (a re-executed step sends the same keyed text). */
async function offerText(
  db: Db,
  offer: { id: string; key: string; cause: string; patientId: string; episodeId: string; slotIds: string[] },
): Promise<SendInput> {
  const slots = await db.slot.findMany({
    where: { id: { in: offer.slotIds } },
    select: { id: true, startsAt: true, clinician: { select: { name: true } } },
  });
  const options = offer.slotIds.flatMap((id) => {
    const s = slots.find((x) => x.id === id);
    return s ? [{ at: s.startsAt, clinician: s.clinician.name }] : [];
  });
  return {
    patientId: offer.patientId,
    episodeId: offer.episodeId,
    template: "visit.offer",
    vars: { options, again: SORRY.has(offer.cause) },
    purpose: "SCHEDULED",
    idempotencyKey: jobKeys.visitOffer(offer.key),
  };
}

/**
 * Offers a patient up to three free times in their language inside the protocol's window (or the
 * soonest ones, when the window has passed). A newer offer supersedes an open one. No free time
 * means a nurse calls instead. Idempotent per `key`.
 */
export async function prepareOffer(
  deps: { db: Db; jobs: JobStarter; settings: VisitSettings },
  input: { episodeId: string; cause: string; key: string },
): Promise<OfferStep> {
  const { db } = deps;
  const existing = await db.visitOffer.findUnique({ where: { key: input.key } });
  if (existing) return { kind: "SEND", offerId: existing.id, text: await offerText(db, existing) };
  const episode = await db.episode.findUnique({
    where: { id: input.episodeId },
    select: {
      id: true,
      status: true,
      protocol: true,
      dischargedAt: true,
      patient: { select: { id: true, optedOut: true, preferredLanguage: true } },
    },
  });
  if (episode?.status !== "ACTIVE") return { kind: "SKIP", reason: "NOT_ACTIVE" };
  if (episode.patient.optedOut) return { kind: "SKIP", reason: "OPTED_OUT" };
  if (FIRST_OFFER.has(input.cause) && (await hasVisit(db, episode.id)))
    return { kind: "SKIP", reason: "HAS_VISIT" };
  const asking = await db.checkIn.count({ where: { episodeId: episode.id, status: "IN_PROGRESS" } });
  if (asking > 0) return { kind: "WAIT_CHECK_IN" };
  const at = now();
  const windowEnd = episode.dischargedAt.getTime() + visitWindowDays(episode.protocol, deps.settings) * DAY;
  // Past (or nearly past) the window, the soonest times still beat no visit at all.
  const to = new Date(Math.max(windowEnd, at.getTime() + 7 * DAY));
  // One offer is made at a time, so each sees the times the ones before it named: a cohort's day-2
  // offers are prepared at once, and read side by side they named the same soonest times. The pick,
  // the superseding of an open offer and the insert are one call, so that order's lock is held
  // inside it and never across a round trip (prisma/migrations/20261206200000_visit_offer_one_call:
  // the rules of the pick).
  const [offer] = await db.$queryRaw<MadeOffer[]>`
    SELECT id, key, cause, "patientId", "episodeId", "slotIds" FROM "sequora_make_visit_offer"(
      ${randomUUID()}, ${episode.patient.id}, ${episode.id}, ${episode.patient.preferredLanguage},
      ${new Date(at.getTime() + 2 * HOUR)}, ${to}, ${new Date(at.getTime() - OFFER_LIFETIME_MS)},
      ${input.cause}, ${input.key}, ${at})`;
  if (!offer) {
    await raiseEscalation(deps, {
      patientId: episode.patient.id,
      episodeId: episode.id,
      severity: "ROUTINE",
      reasonCode: "FOLLOWUP_NOT_SCHEDULED",
      action: "No free clinic times to text: call the patient to book the follow-up visit",
      evidence: { cause: input.cause, offer: "NO_SLOTS" },
    });
    return { kind: "SKIP", reason: "NO_SLOTS" };
  }
  return { kind: "SEND", offerId: offer.id, text: await offerText(db, offer) };
}

/** The patient's open offer, if one waits for "1, 2, 3 or 0" (offers older than 3 days lapse). */
export function openOffer(db: Db, patientId: string) {
  return db.visitOffer.findFirst({
    where: { patientId, status: "OPEN", createdAt: { gt: new Date(now().getTime() - OFFER_LIFETIME_MS) } },
    orderBy: { createdAt: "desc" },
  });
}
