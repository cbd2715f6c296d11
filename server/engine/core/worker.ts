import { logger } from "../../lib/logger.js";
import { type RunningAttempt, startAttempt } from "./attempt.js";
import type { EngineCore } from "./core.js";
import { inTx, type RunRow } from "./db.js";
import { dequeue, EXPIRE_BATCH, expireRuns, LEASE_SECONDS, READY } from "./dequeue.js";
import { resumeAllDue } from "./resume.js";
import { SWEEP_BATCH, sweepDueWaitpoints } from "./waitpoints.js";

const HEARTBEAT_MS = (LEASE_SECONDS * 1000) / 3;

export class EngineWorker {
  readonly running = new Map<string, RunningAttempt>();
  private stopped = true;
  private wakeResolve: (() => void) | undefined;
  /** A wake arrived since the loop last looked (while it was claiming, it must not sleep). */
  private woken = false;
  private timers: NodeJS.Timeout[] = [];
  private loopDone: Promise<void> | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly concurrency: number,
    private readonly onTick: () => Promise<void>,
    /** Runs the attempt elsewhere (an executor thread, executors.ts); default: in this thread. */
    private readonly launcher: (run: RunRow) => RunningAttempt = (run) => startAttempt(core, run),
  ) {}

  wake(): void {
    this.woken = true;
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
      this.woken = false;
      let got = 0;
      try {
        const runs = await dequeue(this.core, this.concurrency - this.running.size);
        got = runs.length;
        for (const run of runs) this.launch(run);
      } catch (err) {
        logger.error("engine: dequeue failed", { err: String(err) });
      }
      const full = this.running.size >= this.concurrency;
      if (got > 0 && !full) continue;
      // Every slot busy: the next finish wakes the loop, no need to ask when work is due.
      const sleepMs = full ? 1000 : await this.msUntilNextReady();
      if (this.woken && !full) continue;
      if (this.woken) {
        // Slots freed while claiming: let the finishes of this turn gather, then claim them at once.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, sleepMs);
        this.wakeResolve = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeResolve = undefined;
      // Finishes arrive in bursts (an executor thread's group write): claim for all of them at once.
      if (this.running.size >= this.concurrency - 1) await new Promise((r) => setImmediate(r));
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
    const attempt = this.launcher(run);
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
        // SKIP LOCKED: a run locked right now is being completed; waiting for it could deadlock
        // with a batch of completions (completions.ts) that locks many runs.
        `UPDATE trigger_engine.runs r SET lease_expires_at = clock_timestamp() + make_interval(secs => $3)
         FROM (SELECT id FROM trigger_engine.runs WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'
               ORDER BY id FOR UPDATE SKIP LOCKED) mine WHERE r.id = mine.id`,
        [[...this.running.keys()], this.core.workerId, LEASE_SECONDS],
      )
      .catch((err) => logger.error("engine: heartbeat failed", { err: String(err) }));
  }

  /** Due waits, token timeouts, expired leases (a dead worker's runs) and schedules. */
  async maintenance(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = this.core.clock.now();
      // Due waits are resumed set-based; the batched sweep is left with token timeouts.
      await resumeAllDue(this.core);
      // One sweep takes at most a batch; a clock jump can make many more due at once.
      while ((await inTx(this.core.pool, (c) => sweepDueWaitpoints(c, now))) >= SWEEP_BATCH && !this.stopped);
      while ((await expireRuns(this.core)) >= EXPIRE_BATCH && !this.stopped);
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
