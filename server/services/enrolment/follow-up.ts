import type { Db } from "../../db/client.js";
import { jobKeys } from "../../jobs/index.js";
import type { SendInput } from "../../sms/index.js";
import { episodeDay } from "../checkins/schedule.js";
import { closeEpisode } from "../episodes/close-episode.js";
import { ensureCheckInSlot } from "./check-in-slot.js";

/**
 * The steps of an episode's 30-day follow-up (`episode.enroll`), in the order the task takes them:
 * start (welcome text, where it left off), each check-in slot in turn, close at day 30. The task
 * owns the waiting between them; these own the rules and the database work.
 */

/** A bound, not a target: the cadence gives at most ~20 slots in 30 days. */
export const MAX_SLOTS = 40;

export interface FollowUp {
  episodeId: string;
  patientId: string;
  dischargedAt: Date;
  closesAt: Date;
  /**
   * The welcome text asking for consent; null once the patient has consented. The follow-up's
   * texts are keyed under its job key, so a re-executed run sends each once.
   */
  welcome: SendInput | null;
  /** Slots whose check-in is over: a re-executed run skips them rather than going through them. */
  settledSlots: ReadonlySet<number>;
}

/** Where the follow-up of an active episode stands; null when the episode is closed. */
export async function startFollowUp(db: Db, episodeId: string): Promise<FollowUp | null> {
  const episode = await db.episode.findUniqueOrThrow({
    where: { id: episodeId },
    select: {
      status: true,
      patientId: true,
      dischargedAt: true,
      closesAt: true,
      patient: { select: { consentStatus: true } },
    },
  });
  if (episode.status !== "ACTIVE") return null;
  const settled = await db.checkIn.findMany({
    where: { episodeId, status: { notIn: ["SCHEDULED", "IN_PROGRESS"] } },
    select: { slot: true },
  });
  return {
    episodeId,
    patientId: episode.patientId,
    dischargedAt: episode.dischargedAt,
    closesAt: episode.closesAt,
    welcome:
      episode.patient.consentStatus === "GRANTED"
        ? null
        : {
            patientId: episode.patientId,
            episodeId,
            template: "consent.request",
            vars: {},
            purpose: "CONSENT",
            idempotencyKey: `${jobKeys.enroll(episodeId)}:consent`,
          },
    settledSlots: new Set(settled.map((c) => c.slot)),
  };
}

/** The check-in of a slot (created once); null when it would fall after day 30. */
export async function checkInForSlot(db: Db, followUp: FollowUp, slot: number) {
  const checkIn = await ensureCheckInSlot(db, followUp.episodeId, slot);
  return checkIn.scheduledAt >= followUp.closesAt
    ? null
    : { id: checkIn.id, scheduledAt: checkIn.scheduledAt };
}

/** A nurse may close the episode while the follow-up waits; it then stops before the next check-in. */
export async function isStillFollowed(db: Db, episodeId: string): Promise<boolean> {
  const episode = await db.episode.findUniqueOrThrow({ where: { id: episodeId }, select: { status: true } });
  return episode.status === "ACTIVE";
}

/** Closes the episode at day 30; the closing text goes only when this call closed it. */
export async function closeAtDay30(db: Db, followUp: FollowUp) {
  const { closed } = await closeEpisode(db, { episodeId: followUp.episodeId, reason: "DAY_30" });
  const farewell: SendInput | null = closed
    ? {
        patientId: followUp.patientId,
        episodeId: followUp.episodeId,
        template: "episode.closing",
        vars: {},
        purpose: "SCHEDULED",
        idempotencyKey: `${jobKeys.enroll(followUp.episodeId)}:closing`,
      }
    : null;
  return { closed, farewell };
}

/** "day 12 of 30", for the run's live status. */
export const followUpDay = (followUp: FollowUp, at: Date) =>
  `day ${episodeDay(followUp.dischargedAt, at)} of 30`;
