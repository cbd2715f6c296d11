import type { Db } from "../../db/client.js";
import { slotTime } from "../checkins/schedule.js";

/**
 * The check-in for a slot, created once (the unique (episode, slot) makes a re-run reuse it). Its
 * time follows the previous slot and the episode's well streak at the moment it is created, so a
 * re-executed follow-up waits for the same moments.
 */
export async function ensureCheckInSlot(db: Db, episodeId: string, slot: number) {
  const existing = await db.checkIn.findUnique({ where: { episodeId_slot: { episodeId, slot } } });
  if (existing) return existing;
  const episode = await db.episode.findUniqueOrThrow({
    where: { id: episodeId },
    select: { dischargedAt: true, consecutiveWell: true, patient: { select: { timeZone: true } } },
  });
  const previous =
    slot > 1
      ? await db.checkIn.findUnique({ where: { episodeId_slot: { episodeId, slot: slot - 1 } } })
      : null;
  const scheduledAt = slotTime({
    dischargedAt: episode.dischargedAt,
    previous: previous?.scheduledAt ?? null,
    consecutiveWell: episode.consecutiveWell,
    timeZone: episode.patient.timeZone,
  });
  return db.checkIn.upsert({
    where: { episodeId_slot: { episodeId, slot } },
    create: { episodeId, slot, scheduledAt },
    update: {},
  });
}
