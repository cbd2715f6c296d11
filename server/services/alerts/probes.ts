import type { Db } from "../../db/client.js";
import { MAX_REESCALATIONS } from "../../domain/index.js";
import type { EngineState } from "../../engine/index.js";

const HOUR_MS = 3_600_000;
const FIVE_MIN_MS = 300_000;
// A new task's monitor is started in the same flow, a moment later: not missing yet.
const MONITOR_GRACE_MS = 2 * 60_000;
const LIVE_STATUSES = [
  "PENDING",
  "DELAYED",
  "DEQUEUED",
  "EXECUTING",
  "RETRYING_AFTER_FAILURE",
  "WAITING_TO_RESUME",
] as const;

// From the messages table, so texts sent by task workers in other processes count too.
export async function textOutcomes(db: Db, at: Date) {
  const since = new Date(at.getTime() - HOUR_MS);
  const bucket = new Date(at.getTime() - FIVE_MIN_MS);
  const rows = await db.message.groupBy({
    by: ["status"],
    where: { direction: "OUTBOUND", updatedAt: { gte: since, lte: at }, sendAttempts: { gt: 0 } },
    _count: { _all: true },
  });
  const bucketRows = await db.message.groupBy({
    by: ["status"],
    where: { direction: "OUTBOUND", updatedAt: { gte: bucket, lte: at }, sendAttempts: { gt: 0 } },
    _count: { _all: true },
  });
  const split = (rs: typeof rows) => {
    let sent = 0;
    let failed = 0;
    for (const r of rs) {
      if (r.status === "FAILED" || r.status === "UNDELIVERED") failed += r._count._all;
      else if (["QUEUED", "ACCEPTED", "SCHEDULED", "SENT", "DELIVERED", "READ"].includes(r.status))
        sent += r._count._all;
    }
    return { sent, failed };
  };
  const hour = split(rows);
  const recent = split(bucketRows);
  return { ...hour, sentInBucket: recent.sent, failedInBucket: recent.failed };
}

export async function tasksWithoutMonitor(
  db: Db,
  engine: Pick<EngineState, "listRuns">,
  at: Date,
): Promise<number> {
  return (await openTasksWithoutMonitor(db, engine, at)).length;
}

/** The open tasks the `sla_monitor_missing` check counts: ids of those with no live SLA monitor run. */
export async function openTasksWithoutMonitor(
  db: Db,
  engine: Pick<EngineState, "listRuns">,
  at: Date,
): Promise<string[]> {
  const open = await db.escalationTask.findMany({
    where: {
      status: { in: ["OPEN", "IN_PROGRESS"] },
      firstContactAt: null,
      escalationLevel: { lt: MAX_REESCALATIONS },
      createdAt: { lt: new Date(at.getTime() - MONITOR_GRACE_MS) },
    },
    select: { id: true, monitorRunId: true },
  });
  if (open.length === 0) return [];
  const live = await engine.listRuns({
    taskIdentifier: "task.sla-monitor",
    status: [...LIVE_STATUSES],
    limit: 1000,
  });
  const liveIds = new Set(live.map((r) => r.id));
  return open.filter((t) => !t.monitorRunId || !liveIds.has(t.monitorRunId)).map((t) => t.id);
}
