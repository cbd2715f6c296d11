import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The after-visit question sets: at 24 h and at one week after the visit time. */
export const AFTER_VISIT_SETS = [
  { which: "24H", afterMs: DAY },
  { which: "1W", afterMs: 7 * DAY },
] as const;
export type AfterVisitSet = (typeof AFTER_VISIT_SETS)[number]["which"];

// A negative check-in slot (minutes since the epoch, negated, plus the set) never collides with the
// regular schedule's 1..N, and stays unique per episode however many visits it has.
const slotFor = (scheduledAt: Date, which: AfterVisitSet) =>
  -(Math.floor(scheduledAt.getTime() / 60_000) * 2 + (which === "1W" ? 1 : 0));

export interface AfterVisitPlan {
  appointmentId: string;
  patientId: string;
  episodeId: string;
  checkIns: { id: string; which: AfterVisitSet; scheduledAt: Date; status: string }[];
}

/**
 * The after-visit check-ins of an attended appointment, created once (unique per appointment and
 * set). Null when the appointment is not (or no longer) attended, or its episode is closed.
 * A visit marked late still gets its 24 h questions, at once.
 */
export async function planAfterVisit(db: Db, appointmentId: string): Promise<AfterVisitPlan | null> {
  const appt = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      scheduledAt: true,
      patientId: true,
      episodeId: true,
      episode: { select: { status: true } },
    },
  });
  if (appt?.status !== "COMPLETED" || appt.episode.status !== "ACTIVE") return null;
  const checkIns = [];
  for (const set of AFTER_VISIT_SETS) {
    const scheduledAt = new Date(Math.max(appt.scheduledAt.getTime() + set.afterMs, now().getTime()));
    const row = await db.checkIn.upsert({
      where: { appointmentId_afterVisit: { appointmentId, afterVisit: set.which } },
      create: {
        episodeId: appt.episodeId,
        slot: slotFor(appt.scheduledAt, set.which),
        scheduledAt,
        appointmentId,
        afterVisit: set.which,
      },
      update: {},
      select: { id: true, scheduledAt: true, status: true },
    });
    checkIns.push({ ...row, which: set.which });
  }
  return { appointmentId, patientId: appt.patientId, episodeId: appt.episodeId, checkIns };
}

/** Is the episode still followed, and the visit still counted as attended, when a set is due? */
export async function afterVisitStillDue(db: Db, checkInId: string): Promise<boolean> {
  const row = await db.checkIn.findUnique({
    where: { id: checkInId },
    select: { status: true, episode: { select: { status: true } }, appointmentId: true },
  });
  if (row?.status !== "SCHEDULED" || row.episode.status !== "ACTIVE" || !row.appointmentId) return false;
  const appt = await db.appointment.findUnique({
    where: { id: row.appointmentId },
    select: { status: true },
  });
  return appt?.status === "COMPLETED";
}

/** A regular check-in conversation in progress would take the reply: wait for it to end. */
export async function otherCheckInOpen(db: Db, episodeId: string, checkInId: string): Promise<boolean> {
  const open = await db.checkIn.count({
    where: { episodeId, status: "IN_PROGRESS", id: { not: checkInId } },
  });
  return open > 0;
}
