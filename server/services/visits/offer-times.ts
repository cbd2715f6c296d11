import type { Db, Protocol, Tx } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import type { VisitSettings } from "./settings.js";
import { localDate } from "./slot-plan.js";

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

/**
 * How many open offers (other patients' texts still waiting for "1, 2 or 3") name each slot. The
 * same soonest times texted to everyone discharged that day meant most picks found the time already
 * taken (1,000 simulated patients: 1,117 picks, 189 requests).
 */
async function openOfferCounts(db: Tx, slotIds: string[]): Promise<Map<string, number>> {
  if (slotIds.length === 0) return new Map();
  const since = new Date(now().getTime() - OFFER_LIFETIME_MS);
  const rows = await db.$queryRaw<{ id: string; n: number }[]>`
    SELECT s.id, count(*)::int AS n
    FROM "VisitOffer" o CROSS JOIN LATERAL unnest(o."slotIds") AS s(id)
    WHERE o.status = 'OPEN' AND o."createdAt" > ${since} AND s.id = ANY(${slotIds})
    GROUP BY s.id`;
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * Up to three free slots in the window, the soonest on different days first; times no other open
 * offer names come before times already offered to someone else (the fewest offers first).
 */
async function pickSlots(db: Tx, input: { language: "EN" | "ES"; from: Date; to: Date }) {
  const found = await db.slot.findMany({
    where: {
      status: "FREE",
      startsAt: { gte: input.from, lt: input.to },
      clinician: { active: true, languages: { has: input.language } },
      clinic: { active: true },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      startsAt: true,
      clinician: { select: { name: true } },
      clinic: { select: { timeZone: true } },
    },
  });
  const offered = await openOfferCounts(
    db,
    found.map((s) => s.id),
  );
  // Stable: within the same count the soonest first.
  const free = [...found].sort((a, b) => (offered.get(a.id) ?? 0) - (offered.get(b.id) ?? 0));
  const days = new Set<string>();
  const picked: typeof free = [];
  for (const s of free) {
    const day = localDate(s.startsAt, s.clinic.timeZone);
    if (days.has(day)) continue;
    days.add(day);
    picked.push(s);
    if (picked.length === 3) return picked;
  }
  for (const s of free) if (picked.length < 3 && !picked.includes(s)) picked.push(s);
  return picked.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
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
  // One offer is prepared at a time, so each sees the times the ones before it named: a cohort's
  // day-2 offers are prepared at once, and read side by side they named the same soonest times.
  const offer = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sequora.visit-offer'))`;
      const slots = await pickSlots(tx, {
        language: episode.patient.preferredLanguage,
        from: new Date(at.getTime() + 2 * HOUR),
        to,
      });
      if (slots.length === 0) return null;
      await tx.visitOffer.updateMany({
        where: { patientId: episode.patient.id, status: "OPEN" },
        data: { status: "SUPERSEDED" },
      });
      return tx.visitOffer.create({
        data: {
          patientId: episode.patient.id,
          episodeId: episode.id,
          slotIds: slots.map((s) => s.id),
          cause: input.cause,
          key: input.key,
        },
      });
    },
    { timeout: 30_000 },
  );
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
