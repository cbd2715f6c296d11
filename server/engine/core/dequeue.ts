import type pg from "pg";
import { EXECUTING_PER_LIMIT, LimitCounter, readLimitGates } from "./concurrency.js";
import type { EngineCore } from "./core.js";
import { inTx, type RunRow } from "./db.js";
import { wholeNumberFromEnv } from "./env.js";
import { finalizeRun } from "./outcome.js";

// A dead worker's runs come back after this long; heartbeats renew it three times per period.
export const LEASE_SECONDS = wholeNumberFromEnv(process.env, "ENGINE_LEASE_SECONDS", {
  fallback: 30,
  min: 1,
  max: 3_600,
});
const SEP = "\u001f";
export const EXPIRE_BATCH = 500;
export const READY = ["PENDING", "DELAYED", "RETRYING_AFTER_FAILURE", "WAITING_TO_RESUME"];

/**
 * Leases the picked runs: a new attempt starts on first run and on retry; a resume or a crash
 * recovery re-executes the same attempt. Blocks are cleared and the attempt recorded.
 * `$1` now, `$2` worker, `$3` lease seconds; `picked` is a CTE of (id, ord) defined by the caller,
 * `ord` the dequeue order, which the leased rows keep (leasing clears `available_at`, their key).
 * A run leased before comes with its journal for the attempt (`ExecutionRef.journal`: its replay
 * answers from it instead of reading a row per call), read by `run_journal()` after the pick. A
 * resumed run comes with the token and duration waits it was parked on (`blockers`, the completed
 * ones as this statement sees them), so the parked attempt's wait answers without reading them.
 * The blocks are deleted by run id through the index (`IN (SELECT ...)` was planned as a hash join
 * over every waiting run's blocks: 2.4 ms a claim with 20,000 runs waiting) and the blockers are
 * gathered once per claim, not by a subquery per leased run over all the claim's blocks.
 */
const LEASE = `
  leased AS (
    UPDATE trigger_engine.runs r SET status = 'EXECUTING',
      attempt_number = r.attempt_number + CASE WHEN r.attempt_number = 0 OR r.status = 'RETRYING_AFTER_FAILURE' THEN 1 ELSE 0 END,
      started_at = coalesce(r.started_at, $1), updated_at = $1, available_at = NULL, lease_owner = $2,
      lease_expires_at = clock_timestamp() + make_interval(secs => $3), execution_count = r.execution_count + 1
    FROM picked WHERE r.id = picked.id RETURNING r.*, picked.ord),
  unblocked AS (DELETE FROM trigger_engine.run_blocks WHERE run_id = ANY(ARRAY(SELECT id FROM leased)) RETURNING run_id, waitpoint_id),
  answered AS (SELECT u.run_id, json_agg(json_build_object('id', w.id, 'completed_at', w.completed_at, 'output', w.output,
       'output_type', w.output_type, 'output_is_error', w.output_is_error)) AS blockers
     FROM unblocked u JOIN trigger_engine.waitpoints w ON w.id = u.waitpoint_id
     WHERE w.completed_at IS NOT NULL AND w.type IN ('MANUAL', 'DATETIME') GROUP BY u.run_id),
  attempts AS (
    INSERT INTO trigger_engine.attempts (run_id, number, worker_id, status, started_at)
    SELECT id, attempt_number, $2, 'EXECUTING', $1 FROM leased
    ON CONFLICT (run_id, number) DO UPDATE SET worker_id = $2, status = 'EXECUTING')
  SELECT l.*, CASE WHEN l.execution_count > 1 THEN trigger_engine.run_journal(l.id, l.attempt_number) END AS journal,
    a.blockers
  FROM leased l LEFT JOIN answered a ON a.run_id = l.id ORDER BY l.ord`;

/**
 * Runs of queues with no concurrency limit that hold no named limit: pick and lease up to `max` in
 * ONE statement, no transaction, no advisory lock (SKIP LOCKED keeps concurrent workers apart).
 */
async function claimUnlimited(
  core: EngineCore,
  max: number,
  now: Date,
  limited: readonly string[],
  paused: readonly string[],
): Promise<RunRow[]> {
  const res = await core.pool.query<RunRow>({
    name: "engine_claim_unlimited",
    text: `WITH picked AS (
      SELECT p.id, p.ord FROM trigger_engine.pick_ready($1, $4, $5, false, $7, '{}', '{}', '{}', $6)
        WITH ORDINALITY p(id, q, k, l, ord)),
      ${LEASE}`,
    values: [now, core.workerId, LEASE_SECONDS, READY, limited, max, paused],
  });
  return res.rows;
}

/**
 * Serializes the (short) claim step across all processes, since queue limits span them, and reads
 * what is executing per (queue, concurrencyKey): one round trip for both. With named limits, also
 * what executes per (limit, key) and the limits' overrides and pauses.
 */
async function lockAndCount(core: EngineCore, c: pg.PoolClient, limited: readonly string[], at: () => Date) {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('trigger_engine.dequeue'))");
  const res = await c.query<{ queue: string; concurrency_key: string | null; n: string }>(
    `SELECT queue, concurrency_key, count(*) AS n FROM trigger_engine.runs
     WHERE status = 'EXECUTING' AND queue = ANY($1) GROUP BY 1, 2`,
    [limited],
  );
  const queues = new Map(res.rows.map((r) => [`${r.queue}${SEP}${r.concurrency_key ?? ""}`, Number(r.n)]));
  const declared = core.project.concurrencyLimits;
  if (declared.size === 0) return { queues, limits: undefined };
  const executing = await c.query<{ name: string; key: string | null; n: number }>(EXECUTING_PER_LIMIT);
  return { queues, limits: new LimitCounter(await readLimitGates(c, declared, at()), executing.rows) };
}

/**
 * Is any run of a limited queue, or holding a named limit, ready? Ordered by `available_at` so the
 * plan walks `runs_available` (the ready runs only) and stops at the first match: without the order
 * Postgres chose a sequential scan of every run, finished ones included (5-8 ms at 8,000 runs a
 * simulated day in, and growing with the table). `$1` now, `$2` ready statuses, `$3` limited
 * queues, `$4` paused ones.
 */
export const LIMITED_READY = `SELECT 1 FROM trigger_engine.runs WHERE available_at <= $1 AND status = ANY($2)
  AND (queue = ANY($3) OR limits IS NOT NULL) AND NOT (queue = ANY($4)) ORDER BY available_at LIMIT 1`;

/**
 * Runs of limited queues and runs holding named limits: under the advisory lock, counting what
 * executes per (queue, key) and per limit.
 */
async function claimLimited(
  core: EngineCore,
  max: number,
  now: Date,
  limited: readonly string[],
  paused: readonly string[],
): Promise<RunRow[]> {
  const queues = core.queues;
  const ready = await core.pool.query({
    name: "engine_limited_ready",
    text: LIMITED_READY,
    values: [now, READY, limited, paused],
  });
  if (!ready.rowCount) return [];
  return inTx(core.pool, async (c) => {
    const counts = await lockAndCount(core, c, limited, () => core.clock.now());
    // A fresh time once the count has seen every run that finished before it: a run that takes a
    // place freed by another starts no earlier than that one finished (the `now` the claim began
    // with can be older than that run's completion).
    const at = core.clock.now();
    const full = [...counts.queues]
      .filter(([k, n]) => n >= (queues.limit(k.split(SEP)[0]!) ?? Infinity))
      .map(([k]) => k);
    const fullLimits = counts.limits?.full() ?? { limits: [], keys: [] };
    const res = await c.query<Pick<RunRow, "id" | "queue" | "concurrency_key" | "limits">>(
      "SELECT * FROM trigger_engine.pick_ready($1, $2, $3, true, $4, $5, $6, $7, $8)",
      [at, READY, limited, paused, full, fullLimits.limits, fullLimits.keys, max * 4],
    );
    const claimed: string[] = [];
    for (const run of res.rows) {
      if (claimed.length >= max) break;
      const key = `${run.queue}${SEP}${run.concurrency_key ?? ""}`;
      const limit = queues.limit(run.queue);
      if ((counts.queues.get(key) ?? 0) >= (limit ?? Infinity)) continue;
      if (counts.limits && !counts.limits.admit(run.limits, run.concurrency_key)) continue;
      if (limit !== undefined) counts.queues.set(key, (counts.queues.get(key) ?? 0) + 1);
      claimed.push(run.id);
    }
    if (claimed.length === 0) return [];
    const leased = await c.query<RunRow>(
      `WITH picked AS (SELECT * FROM unnest($4::text[]) WITH ORDINALITY p(id, ord)), ${LEASE}`,
      [at, core.workerId, LEASE_SECONDS, claimed],
    );
    return leased.rows;
  });
}

/**
 * Claims up to `max` ready runs, honoring queue limits and pauses, named limits, priority and TTL;
 * FOR UPDATE SKIP LOCKED.
 */
export async function dequeue(core: EngineCore, max: number): Promise<RunRow[]> {
  if (max <= 0) return [];
  const reading = core.queues.whenCurrent();
  if (reading) await reading;
  const now = core.clock.now();
  const limited = core.queues.limitedNames();
  const paused = core.queues.closedNames();
  const free = await claimUnlimited(core, max, now, limited, paused);
  if (free.length >= max || (limited.length === 0 && core.project.concurrencyLimits.size === 0)) return free;
  return [...free, ...(await claimLimited(core, max - free.length, now, limited, paused))];
}

/** Queued runs whose TTL passed before they started end as EXPIRED (up to a batch per pass). */
export async function expireRuns(core: EngineCore): Promise<number> {
  const now = core.clock.now();
  return inTx(core.pool, async (c) => {
    const res = await c.query<RunRow>(
      `SELECT * FROM trigger_engine.runs WHERE available_at IS NOT NULL AND expires_at <= $1 AND attempt_number = 0
         AND status = ANY($2) ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, READY, EXPIRE_BATCH],
    );
    for (const run of res.rows) {
      await finalizeRun(c, run, "EXPIRED", now, {
        error: { type: "STRING_ERROR", raw: `Run expired because the TTL (${run.ttl}) was reached` },
      });
    }
    return res.rows.length;
  });
}
