import type pg from "pg";
import { FINAL_STATUSES, idIn, inTx, type Queryable, type RunRow } from "./db.js";
import { mergeTopLevelSets } from "./metadata.js";

/**
 * Marks waitpoints completed and makes runs whose every blocker is now completed dequeuable.
 * Callers pass a transaction client; the waitpoint row lock orders this against `blockRun`.
 */
export async function completeWaitpoints(
  c: pg.PoolClient,
  ids: string[],
  now: Date,
  result: {
    output?: string | null;
    outputType?: string | null;
    isError?: boolean;
    status?: "COMPLETED" | "TIMED_OUT";
  } = {},
): Promise<string[]> {
  if (ids.length === 0) return [];
  const these = idIn("id", "$1", ids);
  const done = await c.query<{ id: string }>(
    `UPDATE trigger_engine.waitpoints SET completed_at = $2, status = $3, output = $4, output_type = $5, output_is_error = $6
     WHERE ${these.sql} AND completed_at IS NULL RETURNING id`,
    [
      these.value,
      now,
      result.status ?? "COMPLETED",
      result.output ?? null,
      result.outputType ?? null,
      result.isError ?? false,
    ],
  );
  await resumeReadyRuns(
    c,
    done.rows.map((r) => r.id),
    now,
  );
  return done.rows.map((r) => r.id);
}

/**
 * Makes dequeuable the waiting runs that `waitpointIds` freed (no other open blocker left). The
 * freed runs are found once (ARRAY(...)) and then looked up by id: with `IN (subquery)` the planner
 * probed the whole id array once per waiting run, so a restart's 8,000 due waits took 29 s, not 0.3 s.
 */
export async function resumeReadyRuns(c: Queryable, waitpointIds: string[], now: Date): Promise<void> {
  if (waitpointIds.length === 0) return;
  const freed = idIn("waitpoint_id", "$1", waitpointIds);
  await c.query(
    `UPDATE trigger_engine.runs r SET available_at = $2, updated_at = $2
     WHERE r.status = 'WAITING_TO_RESUME' AND r.available_at IS NULL
       AND r.id = ANY(ARRAY(SELECT run_id FROM trigger_engine.run_blocks WHERE ${freed.sql}))
       AND NOT EXISTS (SELECT 1 FROM trigger_engine.run_blocks b JOIN trigger_engine.waitpoints w ON w.id = b.waitpoint_id
                       WHERE b.run_id = r.id AND w.completed_at IS NULL)`,
    [freed.value, now],
  );
}

/**
 * Completes a waitpoint token (`wait.completeToken`, its callback URL) in one round trip, outside
 * any transaction: the token locked, completed, and the runs it freed made ready, by
 * `trigger_engine.complete_token` (migrations.ts). Instead of BEGIN, a locking read, the two
 * writes of `completeWaitpoints` and COMMIT. "missing": no MANUAL waitpoint with that id.
 */
export async function completeToken(
  q: Queryable,
  id: string,
  now: Date,
  output: { data: string | null; type: string },
): Promise<"completed" | "already" | "missing"> {
  const res = await q.query<{ outcome: "completed" | "already" | "missing" }>(
    "SELECT trigger_engine.complete_token($1, $2, $3, $4) AS outcome",
    [id, now, output.data, output.type],
  );
  return res.rows[0]!.outcome;
}

/**
 * A batch's items in index order (`batch` a SQL expression for its id): its own runs, and the runs
 * that stand for items whose own idempotency key a run already held (`batch_items`).
 */
export function batchMembersSql(batch: string): string {
  return `(SELECT r.*, r.batch_index AS item_index FROM trigger_engine.runs r WHERE r.batch_id = ${batch}
    UNION ALL
    SELECT r.*, bi.batch_index AS item_index FROM trigger_engine.batch_items bi
      JOIN trigger_engine.runs r ON r.friendly_id = bi.run_id WHERE bi.batch_id = ${batch})`;
}

/**
 * How many of a batch's items (`batch` a SQL expression) are stored, own runs and stand-ins; with
 * `finals` (a SQL expression for the final statuses), how many have a run in a final status.
 */
export function batchItemCountSql(batch: string, finals?: string): string {
  const status = finals ? ` AND r.status = ANY(${finals})` : "";
  return `((SELECT count(*) FROM trigger_engine.runs r WHERE r.batch_id = ${batch}${status})
    + (SELECT count(*) FROM trigger_engine.batch_items bi JOIN trigger_engine.runs r ON r.friendly_id = bi.run_id
       WHERE bi.batch_id = ${batch}${status}))`;
}

/**
 * The open waitpoints a finishing run (`r`, with `friendly_id` and `batch_id`) completes or may
 * complete, as rows (id, type, batch): its own RUN waitpoints, its batch's, and those of the batches
 * it stands in for (`batch_items`). Two branches, each through its own index: an `IN (SELECT ...)`
 * ORed into the first would be a subplan over every open waitpoint. A waitpoint can come twice (a
 * run standing in for another item of its own batch): `settleFinishedRunBlockers` counts it once.
 */
export const OPEN_BLOCKERS_OF_RUN = `
  SELECT w.id, w.type, w.completed_by_batch_id AS batch FROM trigger_engine.waitpoints w
  WHERE w.completed_at IS NULL
    AND (w.completed_by_run_id = r.friendly_id OR (r.batch_id IS NOT NULL AND w.completed_by_batch_id = r.batch_id))
  UNION ALL
  SELECT w.id, w.type, w.completed_by_batch_id FROM trigger_engine.batch_items bi
    JOIN trigger_engine.waitpoints w ON w.completed_by_batch_id = bi.batch_id
  WHERE bi.run_id = r.friendly_id AND w.completed_at IS NULL`;

/**
 * Whether the run or batch a RUN or BATCH waitpoint `w` stands for has finished (`$2`: the final
 * statuses): every run final, for a batch as many items as it was created with.
 */
const TARGET_FINISHED = `(
  (w.type = 'RUN' AND EXISTS (SELECT 1 FROM trigger_engine.runs r WHERE r.friendly_id = w.completed_by_run_id AND r.status = ANY($2)))
  OR (w.type = 'BATCH' AND ${batchItemCountSql("w.completed_by_batch_id", "$2")}
       >= (SELECT run_count FROM trigger_engine.batches b WHERE b.id = w.completed_by_batch_id)))`;

/** How far back (wall-clock seconds) `completeFinishedTargets` looks at RUN and BATCH waitpoints. */
export const FINISHED_TARGET_WINDOW_S = 60;

/**
 * The safety net behind a lazily made RUN or BATCH waitpoint (a wait on a run or batch that had
 * none: `waitForTask` / `waitForBatch`). The target's final write looks for waitpoints with its
 * statement's snapshot, and the parking transaction reads the target's state with its own: when
 * the waitpoint is made while that final write is in flight, and the park reads before the final
 * write commits, neither sees the other and the run would wait forever. So every maintenance pass
 * completes the open RUN and BATCH waitpoints made in the last minute whose target has finished
 * (and makes ready the runs they held): such a run resumes at the next pass instead of never.
 * Lazily made waitpoints carry Postgres' wall-clock time; those made with their run or batch carry
 * the engine's clock, so under a moved clock they fall outside the window (their target's final
 * write sees them: they exist before it runs). Returns how many it completed.
 */
export async function completeFinishedTargets(pool: pg.Pool, now: Date): Promise<number> {
  // Also the waitpoints of batches that took a run standing for an item in the last minute: that
  // run's final write may have looked for blockers before the item was committed.
  const found = await pool.query<{ id: string }>(
    `SELECT w.id FROM trigger_engine.waitpoints w
     WHERE w.completed_at IS NULL AND w.type IN ('RUN', 'BATCH')
       AND w.created_at BETWEEN now() - make_interval(secs => $1) AND now() AND ${TARGET_FINISHED}
     UNION
     SELECT w.id FROM trigger_engine.batch_items bi JOIN trigger_engine.waitpoints w ON w.completed_by_batch_id = bi.batch_id
     WHERE bi.created_at > now() - make_interval(secs => $1) AND w.completed_at IS NULL AND w.type = 'BATCH'
       AND ${TARGET_FINISHED}`,
    [FINISHED_TARGET_WINDOW_S, FINAL_STATUSES],
  );
  const ids = found.rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  const completed = await inTx(pool, (c) => completeWaitpoints(c, ids, now));
  return completed.length;
}

/**
 * Parks a run on its blockers, in the caller's transaction (which holds the run's row): the general
 * path; `parkRun` is the one-statement path for runs waiting on tokens and durations only. Locks
 * the waitpoints first so a completion racing with this either happened before (we see it and
 * resume at once) or happens after (it sees our blocks). A RUN/BATCH blocker made lazily may point
 * at a run or batch that finished before it existed: it is completed here, or the run would wait
 * forever.
 */
export async function blockRun(
  c: pg.PoolClient,
  run: RunRow,
  waitpointIds: string[],
  now: Date,
  attempt: { number: number; status: string },
): Promise<void> {
  const these = idIn("w.id", "$1", waitpointIds);
  const locked = await c.query<{ id: string; completed_at: Date | null; target_done: boolean }>(
    `SELECT w.id, w.completed_at, (w.completed_at IS NULL AND ${TARGET_FINISHED}) AS target_done
     FROM trigger_engine.waitpoints w WHERE ${these.sql} ORDER BY w.id FOR UPDATE OF w`,
    [these.value, FINAL_STATUSES],
  );
  const late = locked.rows.filter((w) => w.target_done).map((w) => w.id);
  const completedNow = new Set(await completeWaitpoints(c, late, now));
  const allDone = locked.rows.every((w) => w.completed_at !== null || completedNow.has(w.id));
  // Blocks, the attempt's end and the run's state in one statement.
  await c.query(
    `WITH blocks AS (
       INSERT INTO trigger_engine.run_blocks (run_id, waitpoint_id) SELECT $1, unnest($4::text[]) ON CONFLICT DO NOTHING),
     attempt AS (
       UPDATE trigger_engine.attempts SET status = $6, error = NULL, completed_at = $3 WHERE run_id = $1 AND number = $5)
     UPDATE trigger_engine.runs SET status = 'WAITING_TO_RESUME', available_at = $2, lease_owner = NULL,
       lease_expires_at = NULL, updated_at = $3 WHERE id = $1`,
    [run.id, allDone ? now : null, now, locked.rows.map((w) => w.id), attempt.number, attempt.status],
  );
}

/**
 * `blockRun` with the lease check, as ONE statement outside any transaction, for a run whose
 * blockers are all tokens and durations (what `wait.forToken`, `wait.for` and `wait.until` park
 * on): those locked in id order (a completion that committed while this waited for a lock is seen;
 * one that comes after sees the blocks), then the run parked if this lease still holds it
 * (EXECUTING, same owner, no lease taken since), its blocks and its attempt's end written; ready at
 * once when every blocker is complete. Waitpoints before the run's row, as a completion takes them.
 * "transaction": a RUN or BATCH blocker among them (its target is checked in `blockRun`, under the
 * run's row lock taken first, the order a cancel takes); nothing was locked or written. "lost": the
 * lease is gone; nothing written. Saves BEGIN, the run's lock, the blockers' lock and COMMIT.
 */
export async function parkRun(
  q: Queryable,
  run: Pick<RunRow, "id" | "execution_count">,
  workerId: string,
  waitpointIds: string[],
  now: Date,
  attempt: { number: number; status: string },
  /** Top-level keys the attempt set on its metadata since its last flush, merged in the same write. */
  metadataSets?: Record<string, unknown>,
): Promise<"parked" | "transaction" | "lost"> {
  const these = idIn("id", "$1", waitpointIds);
  const theseW = idIn("w.id", "$1", waitpointIds);
  const res = await q.query<{ parked: boolean; targets: boolean }>(
    `WITH targets AS (
       SELECT EXISTS (SELECT 1 FROM trigger_engine.waitpoints
                      WHERE ${these.sql} AND type NOT IN ('MANUAL', 'DATETIME')) AS present),
     wl AS (
       SELECT w.id, w.completed_at FROM trigger_engine.waitpoints w
       WHERE ${theseW.sql} AND w.type IN ('MANUAL', 'DATETIME') AND NOT (SELECT present FROM targets)
       ORDER BY w.id FOR UPDATE OF w),
     r AS (
       UPDATE trigger_engine.runs SET status = 'WAITING_TO_RESUME',
         available_at = CASE WHEN EXISTS (SELECT 1 FROM wl WHERE completed_at IS NULL) THEN NULL ELSE $2::timestamptz END,
         metadata = CASE WHEN $8::jsonb IS NULL THEN metadata ELSE ${mergeTopLevelSets("$8")} END,
         lease_owner = NULL, lease_expires_at = NULL, updated_at = $2
       WHERE id = $3 AND status = 'EXECUTING' AND lease_owner = $4 AND execution_count = $5
         AND NOT (SELECT present FROM targets)
       RETURNING id),
     blocks AS (
       INSERT INTO trigger_engine.run_blocks (run_id, waitpoint_id) SELECT r.id, wl.id FROM r CROSS JOIN wl
       ON CONFLICT DO NOTHING),
     attempt AS (
       UPDATE trigger_engine.attempts SET status = $7, error = NULL, completed_at = $2
       WHERE run_id = $3 AND number = $6 AND EXISTS (SELECT 1 FROM r))
     SELECT EXISTS (SELECT 1 FROM r) AS parked, (SELECT present FROM targets) AS targets`,
    [
      these.value,
      now,
      run.id,
      workerId,
      run.execution_count,
      attempt.number,
      attempt.status,
      metadataSets ? JSON.stringify(metadataSets) : null,
    ],
  );
  const row = res.rows[0];
  return row?.targets ? "transaction" : row?.parked ? "parked" : "lost";
}

export const SWEEP_BATCH = 500;

/** Completes due DATETIME waitpoints and times out MANUAL tokens (up to a batch of each). Returns how many changed. */
export async function sweepDueWaitpoints(c: pg.PoolClient, now: Date): Promise<number> {
  const due = await c.query<{ id: string }>(
    `SELECT id FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after <= $1
     ORDER BY complete_after LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, SWEEP_BATCH],
  );
  const ids = due.rows.map((r) => r.id);
  await completeWaitpoints(c, ids, now);
  const timedOut = await c.query<{ id: string; timeout_at: Date }>(
    `SELECT id, timeout_at FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND timeout_at <= $1
     ORDER BY timeout_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, SWEEP_BATCH],
  );
  for (const w of timedOut.rows) {
    const output = JSON.stringify({
      code: "TRIGGER_WAITPOINT_TIMEOUT",
      message: `Waitpoint timed out at ${w.timeout_at.toISOString()}`,
    });
    await completeWaitpoints(c, [w.id], now, {
      output,
      outputType: "application/json",
      isError: true,
      status: "TIMED_OUT",
    });
  }
  return ids.length + timedOut.rows.length;
}

/**
 * Completes the RUN waitpoint(s) of a finished run and, for each batch it belongs to or stands in
 * for that is now done, the BATCH waitpoint.
 */
export async function onRunFinished(c: pg.PoolClient, run: RunRow, now: Date): Promise<void> {
  // One look for both kinds of blocker: most finished runs have neither (nobody waits on them).
  const wps = await c.query<OpenBlocker>(
    `WITH r AS (SELECT $1::text AS friendly_id, $2::text AS batch_id) SELECT b.* FROM r, LATERAL (${OPEN_BLOCKERS_OF_RUN}) b`,
    [run.friendly_id, run.batch_id],
  );
  await settleFinishedRunBlockers(c, run, now, wps.rows);
}

/** An open waitpoint a finished run may complete; `batch` for a BATCH waitpoint. */
export interface OpenBlocker {
  id: string;
  type: string;
  batch?: string | null;
}

/**
 * The rest of `onRunFinished` once the open blockers on the run and its batches are known. A batch
 * nobody waits on (plain `batchTrigger`) is not counted at all: counting it on every sibling's
 * finish under the batch row lock serialized them (and cost O(n^2) row visits).
 */
export async function settleFinishedRunBlockers(
  c: pg.PoolClient,
  run: RunRow,
  now: Date,
  open: OpenBlocker[],
): Promise<void> {
  await completeWaitpoints(c, [...new Set(open.filter((w) => w.type === "RUN").map((w) => w.id))], now);
  const batches = new Set<string>();
  for (const w of open) {
    const batch = w.type === "BATCH" ? (w.batch ?? run.batch_id) : null;
    if (batch) batches.add(batch);
  }
  // Sorted: two runs finishing at once lock the batches they share in the same order.
  for (const batch of [...batches].sort()) await completeBatchIfDone(c, batch, now);
}

/**
 * At a batch's sealing: a batch whose last items are stand-ins for runs that had finished already
 * has no run left to finish and complete it, so it is completed here if someone waits on it.
 */
export async function completeSealedBatch(c: pg.PoolClient, batchId: string, now: Date): Promise<void> {
  // Nobody waits on most batches (plain `batchTrigger`): nothing to count.
  const waited = await c.query(
    "SELECT 1 FROM trigger_engine.waitpoints WHERE completed_by_batch_id = $1 AND completed_at IS NULL LIMIT 1",
    [batchId],
  );
  if (waited.rowCount) await completeBatchIfDone(c, batchId, now);
}

/** Completes a batch's open BATCH waitpoints once every one of its items' runs is final. */
async function completeBatchIfDone(c: pg.PoolClient, batchId: string, now: Date): Promise<void> {
  // Siblings finishing at the same moment would each miss the other's uncommitted status and
  // nobody would complete the batch: the batch row lock makes them count one after the other.
  await c.query("SELECT 1 FROM trigger_engine.batches WHERE id = $1 FOR UPDATE", [batchId]);
  const counted = await c.query<{ n: string; run_count: number }>(
    `SELECT ${batchItemCountSql("$1", "$2")} AS n, b.run_count FROM trigger_engine.batches b WHERE b.id = $1`,
    [batchId, FINAL_STATUSES],
  );
  const row = counted.rows[0];
  if (!row || Number(row.n) < row.run_count) return;
  const bw = await c.query<{ id: string }>(
    "SELECT id FROM trigger_engine.waitpoints WHERE completed_by_batch_id = $1 AND completed_at IS NULL",
    [batchId],
  );
  await completeWaitpoints(
    c,
    bw.rows.map((r) => r.id),
    now,
  );
}
