import type pg from "pg";
import { logger } from "../lib/logger.js";
import { type RunningAttempt, startAttempt } from "./attempt.js";
import type { EngineCore } from "./core.js";
import { inTx, type RunRow } from "./db.js";
import { finalizeRun } from "./outcome.js";
import { SWEEP_BATCH, sweepDueWaitpoints } from "./waitpoints.js";

// A dead worker's runs come back after this long; heartbeats renew it three times per period.
const LEASE_SECONDS = Number(process.env.ENGINE_LEASE_SECONDS ?? 30);
const HEARTBEAT_MS = (LEASE_SECONDS * 1000) / 3;
const SEP = "\u001f";
const READY = ["PENDING", "DELAYED", "RETRYING_AFTER_FAILURE", "WAITING_TO_RESUME"];

/**
 * Serializes the (short) claim step across all processes, since queue limits span them, and reads
 * what is executing per (queue, concurrencyKey): one round trip for both.
 */
async function lockAndCountExecuting(
  c: pg.PoolClient,
  limits: Map<string, number>,
): Promise<Map<string, number>> {
  const [, res] = (await c.query(
    `SELECT pg_advisory_xact_lock(hashtext('trigger_engine.dequeue'));
     SELECT queue, concurrency_key, count(*) AS n FROM trigger_engine.runs WHERE status = 'EXECUTING' GROUP BY 1, 2`,
  )) as unknown as [unknown, pg.QueryResult<{ queue: string; concurrency_key: string | null; n: string }>];
  const counts = new Map<string, number>();
  for (const r of res.rows) {
    if (limits.has(r.queue)) counts.set(`${r.queue}${SEP}${r.concurrency_key ?? ""}`, Number(r.n));
  }
  return counts;
}

/**
 * Leases claimed runs in one statement: a new attempt starts on first run and on retry; a resume
 * or a crash recovery re-executes the same attempt. Blocks are cleared and the attempt recorded.
 */
async function leaseRuns(c: pg.PoolClient, core: EngineCore, ids: string[], now: Date): Promise<RunRow[]> {
  if (ids.length === 0) return [];
  const res = await c.query<RunRow>(
    `WITH leased AS (
       UPDATE trigger_engine.runs SET status = 'EXECUTING',
         attempt_number = attempt_number + CASE WHEN attempt_number = 0 OR status = 'RETRYING_AFTER_FAILURE' THEN 1 ELSE 0 END,
         started_at = coalesce(started_at, $2), updated_at = $2, available_at = NULL, lease_owner = $3,
         lease_expires_at = clock_timestamp() + make_interval(secs => $4), execution_count = execution_count + 1
       WHERE id = ANY($1) RETURNING *),
     unblocked AS (DELETE FROM trigger_engine.run_blocks WHERE run_id = ANY($1)),
     attempts AS (
       INSERT INTO trigger_engine.attempts (run_id, number, worker_id, status, started_at)
       SELECT id, attempt_number, $3, 'EXECUTING', $2 FROM leased
       ON CONFLICT (run_id, number) DO UPDATE SET worker_id = $3, status = 'EXECUTING')
     SELECT * FROM leased`,
    [ids, now, core.workerId, LEASE_SECONDS],
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  return res.rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** Claims up to `max` ready runs, honoring queue limits, priority and TTL; FOR UPDATE SKIP LOCKED. */
export async function dequeue(core: EngineCore, max: number): Promise<RunRow[]> {
  if (max <= 0) return [];
  const now = core.clock.now();
  return inTx(core.pool, async (c) => {
    const counts = await lockAndCountExecuting(c, core.project.queueLimits);
    const full = [...counts].filter(
      ([k, n]) => n >= (core.project.queueLimits.get(k.split(SEP)[0]!) ?? Infinity),
    );
    const res = await c.query<RunRow>(
      `SELECT * FROM trigger_engine.runs WHERE available_at <= $1 AND status = ANY($2)
         AND NOT ((queue || chr(31) || coalesce(concurrency_key, '')) = ANY($3))
       ORDER BY available_at - make_interval(secs => priority_ms / 1000.0), id LIMIT $4 FOR UPDATE SKIP LOCKED`,
      [now, READY, full.map(([k]) => k), max * 4],
    );
    const claimed: string[] = [];
    for (const run of res.rows) {
      if (claimed.length >= max) break;
      if (run.expires_at && run.expires_at <= now && run.attempt_number === 0) {
        await finalizeRun(c, run, "EXPIRED", now, {
          error: { type: "STRING_ERROR", raw: `Run expired because the TTL (${run.ttl}) was reached` },
        });
        continue;
      }
      const limit = core.project.queueLimits.get(run.queue);
      const key = `${run.queue}${SEP}${run.concurrency_key ?? ""}`;
      if (limit !== undefined) {
        if ((counts.get(key) ?? 0) >= limit) continue;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      claimed.push(run.id);
    }
    return leaseRuns(c, core, claimed, now);
  });
}

export class EngineWorker {
  readonly running = new Map<string, RunningAttempt>();
  private stopped = true;
  private wakeResolve: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private loopDone: Promise<void> | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly concurrency: number,
    private readonly onTick: () => Promise<void>,
  ) {}

  wake(): void {
    this.wakeResolve?.();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(setInterval(() => void this.maintenance(), 500));
    for (const t of this.timers) t.unref();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let got = 0;
      try {
        const runs = await dequeue(this.core, this.concurrency - this.running.size);
        got = runs.length;
        for (const run of runs) this.launch(run);
      } catch (err) {
        logger.error("engine: dequeue failed", { err: String(err) });
      }
      if (got > 0 && this.running.size < this.concurrency) continue;
      const sleepMs = await this.msUntilNextReady();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, sleepMs);
        this.wakeResolve = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeResolve = undefined;
    }
  }

  // Retries and delays become ready at a known time; sleep until then (at most 1 s, as a safety net).
  private async msUntilNextReady(): Promise<number> {
    try {
      const res = await this.core.pool.query<{ at: Date | null }>(
        "SELECT min(available_at) AS at FROM trigger_engine.runs WHERE available_at > $1 AND status = ANY($2)",
        [this.core.clock.now(), READY],
      );
      const at = res.rows[0]?.at;
      return at ? Math.max(5, Math.min(1000, at.getTime() - this.core.clock.nowMs())) : 1000;
    } catch {
      return 1000;
    }
  }

  private launch(run: RunRow): void {
    const attempt = startAttempt(this.core, run);
    this.running.set(run.id, attempt);
    void attempt.done.finally(() => {
      this.running.delete(run.id);
      this.wake();
    });
  }

  cancelLocal(runId: string): void {
    this.running.get(runId)?.cancel();
  }

  private async heartbeat(): Promise<void> {
    if (this.running.size === 0) return;
    await this.core.pool
      .query(
        `UPDATE trigger_engine.runs SET lease_expires_at = clock_timestamp() + make_interval(secs => $3)
         WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'`,
        [[...this.running.keys()], this.core.workerId, LEASE_SECONDS],
      )
      .catch((err) => logger.error("engine: heartbeat failed", { err: String(err) }));
  }

  /** Due waits, token timeouts, expired leases (a dead worker's runs) and schedules. */
  async maintenance(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = this.core.clock.now();
      // One sweep takes at most a batch; a clock jump can make many more due at once.
      while ((await inTx(this.core.pool, (c) => sweepDueWaitpoints(c, now))) >= SWEEP_BATCH && !this.stopped);
      await this.core.pool.query(
        `UPDATE trigger_engine.runs SET status = 'PENDING', available_at = $1, updated_at = $1, lease_owner = NULL,
           lease_expires_at = NULL WHERE status = 'EXECUTING' AND lease_expires_at < clock_timestamp()`,
        [now],
      );
      await this.onTick();
      this.wake();
    } catch (err) {
      // A pass that was under way when the engine stopped may find its pool closed: not an error.
      if (!this.stopped) logger.error("engine: maintenance failed", { err: String(err) });
    }
  }

  async stop(graceMs = 5000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.wake();
    await this.loopDone;
    const inflight = [...this.running.values()].map((a) => a.done);
    await Promise.race([Promise.allSettled(inflight), new Promise((r) => setTimeout(r, graceMs))]);
    // Whatever is still running is handed back now rather than after the lease expires.
    if (this.running.size > 0) {
      await this.core.pool
        .query(
          `UPDATE trigger_engine.runs SET status = 'PENDING', available_at = $3, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'`,
          [[...this.running.keys()], this.core.workerId, this.core.clock.now()],
        )
        .catch(() => {});
    }
  }
}
