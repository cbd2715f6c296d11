import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { wallClockNow } from "../../lib/clock.js";
import { closeEpisode } from "../episodes/close-episode.js";

const DAY = 86_400_000;

/**
 * Retention: expired sessions, and read in-app notifications older than 90 days. Sessions expire on
 * the wall clock (see session-service), so they are judged by it here too: a demo clock jump must
 * not delete live sessions.
 */
export async function retentionCleanup(db: Db, at: Date) {
  const [sessions, notifications] = await Promise.all([
    db.session.deleteMany({ where: { expiresAt: { lt: wallClockNow() } } }),
    db.notification.deleteMany({ where: { readAt: { lt: new Date(at.getTime() - 90 * DAY) } } }),
  ]);
  return { sessions: sessions.count, notifications: notifications.count };
}

/** Integrity findings, counts only (no PHI): what the check repairs and what it just reports. */
async function integrityFindings(db: Db, at: Date) {
  const [overdueEpisodes, unmonitoredTasks, orphanCheckIns] = await Promise.all([
    db.episode.findMany({
      where: { status: "ACTIVE", closesAt: { lt: new Date(at.getTime() - DAY) } },
      select: { id: true },
    }),
    db.escalationTask.findMany({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] }, monitorRunId: null },
      select: { id: true, patientId: true },
    }),
    db.checkIn.count({
      where: { status: { in: ["SCHEDULED", "IN_PROGRESS"] }, episode: { status: "CLOSED" } },
    }),
  ]);
  return { overdueEpisodes, unmonitoredTasks, orphanCheckIns };
}

/**
 * The hourly integrity repair: closes episodes past day 30 that are still active and starts a
 * monitor for open tasks that have none. Safe to run any number of times.
 */
export async function repairIntegrity(deps: { db: Db; jobs: Pick<JobStarter, "monitorSla"> }, at: Date) {
  const found = await integrityFindings(deps.db, at);
  for (const ep of found.overdueEpisodes)
    await closeEpisode(deps.db, { episodeId: ep.id, reason: "DAY_30_INTEGRITY" });
  for (const t of found.unmonitoredTasks) await deps.jobs.monitorSla(t, "repair");
  return {
    overdueEpisodesClosed: found.overdueEpisodes.length,
    monitorsStarted: found.unmonitoredTasks.length,
    orphanCheckIns: found.orphanCheckIns,
  };
}
