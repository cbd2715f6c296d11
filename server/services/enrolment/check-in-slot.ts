import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { slotTime } from "../checkins/schedule.js";

export interface SlotCheckIn {
  id: string;
  scheduledAt: Date;
}

/**
 * The check-in for a slot, created once (the unique (episode, slot) makes a re-run reuse it). Its
 * time follows the previous slot and the episode's well streak at the moment it is created, so a
 * re-executed follow-up waits for the same moments. Two statements for a new slot (what its time
 * is worked out from, then the insert), one for an existing one.
 */
export async function ensureCheckInSlot(db: Db, episodeId: string, slot: number): Promise<SlotCheckIn> {
  const [basis] = await db.$queryRaw<
    {
      id: string | null;
      scheduledAt: Date | null;
      dischargedAt: Date;
      consecutiveWell: number;
      timeZone: string;
      previousAt: Date | null;
    }[]
  >`
    SELECT c.id, c."scheduledAt", e."dischargedAt", e."consecutiveWell", p."timeZone",
      prev."scheduledAt" AS "previousAt"
    FROM "Episode" e
    JOIN "Patient" p ON p.id = e."patientId"
    LEFT JOIN "CheckIn" c ON c."episodeId" = e.id AND c.slot = ${slot}
    LEFT JOIN "CheckIn" prev ON prev."episodeId" = e.id AND prev.slot = ${slot - 1} AND ${slot} > 1
    WHERE e.id = ${episodeId}`;
  if (!basis) throw new Error(`episode ${episodeId} not found`);
  if (basis.id && basis.scheduledAt) return { id: basis.id, scheduledAt: basis.scheduledAt };
  const scheduledAt = slotTime({
    dischargedAt: basis.dischargedAt,
    previous: basis.previousAt,
    consecutiveWell: basis.consecutiveWell,
    timeZone: basis.timeZone,
  });
  const t = now();
  const [made] = await db.$queryRaw<SlotCheckIn[]>`
    INSERT INTO "CheckIn" (id, "episodeId", slot, "scheduledAt", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${episodeId}, ${slot}, ${scheduledAt}, ${t}, ${t})
    ON CONFLICT ("episodeId", slot) DO NOTHING
    RETURNING id, "scheduledAt"`;
  // Another execution made it between the read and the insert: its row is the slot's.
  return (
    made ??
    db.checkIn.findUniqueOrThrow({
      where: { episodeId_slot: { episodeId, slot } },
      select: { id: true, scheduledAt: true },
    })
  );
}
