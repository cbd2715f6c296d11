import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { queueEpisodeCloseNote } from "../ehr-notes/outbox/queue-note.js";

/** Closes an active episode and cancels its pending check-ins; returns the runs to cancel. */
export async function closeEpisode(db: Db, opts: { episodeId: string; reason: string }) {
  return db.$transaction(async (tx) => {
    const res = await tx.episode.updateMany({
      where: { id: opts.episodeId, status: "ACTIVE" },
      data: { status: "CLOSED", closedAt: now(), closeReason: opts.reason },
    });
    // The episode summary for the EHR, queued with the close itself (services/ehr-notes).
    if (res.count === 1) await queueEpisodeCloseNote(tx, opts.episodeId);
    const pending = await tx.checkIn.findMany({
      where: { episodeId: opts.episodeId, status: { in: ["SCHEDULED", "IN_PROGRESS"] } },
      select: { id: true, runId: true },
    });
    await tx.checkIn.updateMany({
      where: { id: { in: pending.map((p) => p.id) } },
      data: { status: "CANCELED", waitTokenId: null },
    });
    const episode = await tx.episode.findUnique({
      where: { id: opts.episodeId },
      select: { enrollRunId: true },
    });
    if (!episode) throw notFound("Episode");
    return {
      closed: res.count === 1,
      runIds: [episode.enrollRunId, ...pending.map((p) => p.runId)].filter((x): x is string => Boolean(x)),
    };
  });
}

/**
 * A nurse closes an episode early (readmitted, declined, died): close it, then cancel its
 * follow-up and any check-in in progress, so no further text goes out.
 */
export async function closeEpisodeEarly(
  deps: { db: Db; jobs: Pick<JobStarter, "cancel"> },
  opts: { episodeId: string; reason: string },
) {
  const { closed, runIds } = await closeEpisode(deps.db, opts);
  if (!closed) throw new AppError("CONFLICT", "This episode is already closed");
  for (const runId of runIds) await deps.jobs.cancel(runId);
  return { closed };
}
