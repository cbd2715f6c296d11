import { logger } from "../../lib/logger.js";
import { type RunningAttempt, startAttempt } from "./attempt.js";
import type { EngineCore } from "./core.js";
import { inTx, type RunRow } from "./db.js";
import { dequeue, EXPIRE_BATCH, expireRuns, LEASE_SECONDS, READY } from "./dequeue.js";
import { resumeAllDue } from "./resume.js";
import { completeFinishedTargets, SWEEP_BATCH, sweepDueWaitpoints } from "./waitpoints.js";

const HEARTBEAT_MS = (LEASE_SECONDS * 1000) / 3;

export class EngineWorker {
  /** Leases whose code runs: each takes a slot. */
  readonly running = new Map<string, RunningAttempt>();
  /** Leases whose code has stopped, their run's state still being written: no slot. */
  private readonly finishing = new Map<string, RunningAttempt>();
  private stopped = true;
  private wakeResolve: (() => void) | undefined;
  /** A wake arrived since the loop last looked (while it was claiming, it must not sleep). */
  private woken = false;
  /** The loop sleeps with free slots and nothing was ready at its last claim (see `reserveDirect`). */
  private idleSleep = false;
  /** Slots promised to runs being leased in their own insert (`reserveDirect`). */
  private reserved = 0;
  /** While the loop claims (awake): resolves when it next sleeps (`whenSettled`). */
  private awake: { promise: Promise<void>; resolve(): void } | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** The maintenance pass under way, and the one asked for during it (`maintenance`). */
  private pass: Promise<void> | undefined;
  private nextPass: Promise<void> | undefined;
  private loopDone: Promise<void> | undefined;
  /** Callers of `whenIdle`, resolved the next time the worker is idle. */
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly core: EngineCore,
    private readonly concurrency: number,
    private readonly onTick: () => Promise<void>,
    /** Runs the attempt elsewhere (an executor thread, executors.ts); default: in this thread. */
    private readonly launcher: (run: RunRow) => RunningAttempt = (run) => startAttempt(core, run),
  ) {}

  get workerId(): string {
    return this.core.workerId;
  }

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
    // Bulk actions left pending (a failed chunk, targets a dead process had claimed) are looked at
    // again now and then, not only when one is made or the engine starts.
    this.timers.push(setInterval(() => this.core.bulk?.kick(), 30_000));
    for (const t of this.timers) t.unref();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      this.awake ??= resolvable();
      let got = 0;
      try {
        const runs = await dequeue(this.core, this.concurrency - this.running.size - this.reserved);
        got = runs.length;
        for (const run of runs) this.launch(run);
      } catch (err) {
        logger.error("engine: dequeue failed", { err: String(err) });
      }
      const full = this.running.size + this.reserved >= this.concurrency;
      if (got > 0 && !full) continue;
      // Every slot busy: the next finish wakes the loop, no need to ask when work is due.
      const sleepMs = full ? 1000 : await this.msUntilNextReady();
      if (this.woken && !full) continue;
      if (this.woken) {
        // Slots freed while claiming: let the finishes of this turn gather, then claim them at once.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      this.idleSleep = !full;
      this.settle();
      this.noteIdle();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, sleepMs);
        this.wakeResolve = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeResolve = undefined;
      this.idleSleep = false;
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
    // Gives the slot back once (unless the run was launched again since). A freed slot matters to
    // a loop that is claiming or was full, and a queue's freed place to the runs its limit held
    // back; otherwise an idle loop found nothing ready, and a run that becomes ready wakes it
    // (NOTIFY, trigger route).
    const limited = this.core.queues.limit(run.queue) !== undefined || !!run.limits;
    const freeSlot = (): boolean => {
      if (this.running.get(run.id) !== attempt) return false;
      this.running.delete(run.id);
      if (!this.idleSleep || limited) this.wake();
      return true;
    };
    // The slot is free once the run's code has stopped: the next claim overlaps this run's final
    // write (group-committed) instead of waiting for it.
    void attempt.codeStopped?.then(() => {
      if (freeSlot()) this.finishing.set(run.id, attempt);
    });
    void attempt.done.finally(() => {
      if (this.finishing.get(run.id) === attempt) this.finishing.delete(run.id);
      // A limited run holds its place until its final write is in (the claim counts EXECUTING
      // rows): the claim its code's stop woke may have come too early, so claim once more now.
      if (!freeSlot() && limited) this.wake();
      // After the slot is given back here too: an attempt without `codeStopped` (timed out,
      // canceled, or run elsewhere) leaves `running` only now.
      this.noteIdle();
    });
  }

  private settle(): void {
    this.awake?.resolve();
    this.awake = undefined;
  }

  /**
   * Resolves the next time this worker is idle (at once if it is now, or stopped): no run of its
   * own executing or having its final state written, no slot promised, and its loop asleep after a
   * claim that found nothing ready. A hint for whoever waits for quiet (`server/demo/quiet.ts`):
   * it knows nothing of other processes, of due waits not yet swept or of calls still arriving, so
   * the database stays the judge.
   */
  whenIdle(): Promise<void> {
    if (this.stopped || this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.idleSleep && this.running.size + this.finishing.size + this.reserved === 0;
  }

  private noteIdle(): void {
    if (this.idleWaiters.length === 0 || !(this.stopped || this.isIdle())) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * While the loop is claiming: resolves when it sleeps again. A trigger waits for it before
   * `reserveDirect`, so a claim under way neither refuses it nor is passed over by it.
   */
  whenSettled(): Promise<void> | undefined {
    return this.awake?.promise;
  }

  /**
   * Promises `n` slots to new runs that a trigger leases in its own INSERT (trigger-batch.ts), one
   * round trip instead of an insert and then a claim. Only while the loop sleeps idle: nothing was
   * ready at its last claim and nothing woke it since, so no queued run is passed over. Every
   * promise ends in `launchDirect` or `releaseDirect`.
   */
  reserveDirect(n: number): boolean {
    if (this.stopped || !this.idleSleep || this.woken) return false;
    if (this.running.size + this.reserved + n > this.concurrency) return false;
    this.reserved += n;
    return true;
  }

  /** Runs leased in their insert (`n` reserved slots): they execute as if claimed. */
  launchDirect(n: number, runs: RunRow[]): void {
    this.reserved -= n;
    if (this.stopped) {
      // Stopped between the insert and now: hand the runs back as a stop hands back its own.
      void this.handBack(runs.map((r) => r.id));
      return;
    }
    for (const run of runs) this.launch(run);
  }

  releaseDirect(n: number): void {
    this.reserved -= n;
    this.wake();
  }

  cancelLocal(runId: string): void {
    (this.running.get(runId) ?? this.finishing.get(runId))?.cancel();
  }

  private async heartbeat(): Promise<void> {
    if (this.running.size + this.finishing.size === 0) return;
    await this.core.pool
      .query(
        // SKIP LOCKED: a run locked right now is being completed; waiting for it could deadlock
        // with a batch of completions (completions.ts) that locks many runs.
        `UPDATE trigger_engine.runs r SET lease_expires_at = clock_timestamp() + make_interval(secs => $3)
         FROM (SELECT id FROM trigger_engine.runs WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'
               ORDER BY id FOR UPDATE SKIP LOCKED) mine WHERE r.id = mine.id`,
        [[...this.running.keys(), ...this.finishing.keys()], this.core.workerId, LEASE_SECONDS],
      )
      .catch((err) => logger.error("engine: heartbeat failed", { err: String(err) }));
  }

  /**
   * Due waits, token timeouts, expired leases (a dead worker's runs) and schedules. One pass at a
   * time: a call during a pass (the 500 ms timer, a clock move) gets one more pass right after it,
   * which every caller in the meantime shares, so a caller always waits for a pass that started
   * after its call. Overlapping passes used to each scan what the first had locked.
   */
  maintenance(): Promise<void> {
    if (!this.pass) {
      this.pass = this.maintenancePass().finally(() => (this.pass = undefined));
      return this.pass;
    }
    this.nextPass ??= this.pass.then(() => {
      this.nextPass = undefined;
      return this.maintenance();
    });
    return this.nextPass;
  }

  private async maintenancePass(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = this.core.clock.now();
      // Due waits are resumed set-based; the batched sweep is left with token timeouts.
      await resumeAllDue(this.core);
      // One sweep takes at most a batch; a clock jump can make many more due at once.
      while ((await inTx(this.core.pool, (c) => sweepDueWaitpoints(c, now))) >= SWEEP_BATCH && !this.stopped);
      await completeFinishedTargets(this.core.pool, now);
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
    this.settle();
    this.noteIdle();
    const inflight = [...this.running.values(), ...this.finishing.values()].map((a) => a.done);
    await Promise.race([Promise.allSettled(inflight), new Promise((r) => setTimeout(r, graceMs))]);
    // Whatever is still running is handed back now rather than after the lease expires.
    const left = [...this.running.keys(), ...this.finishing.keys()];
    if (left.length > 0) await this.handBack(left);
  }

  /** Leased runs this worker will not execute become ready again now, not when their lease lapses. */
  private async handBack(ids: string[]): Promise<void> {
    await this.core.pool
      .query(
        `UPDATE trigger_engine.runs SET status = 'PENDING', available_at = $3, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'`,
        [ids, this.core.workerId, this.core.clock.now()],
      )
      .catch(() => {});
  }
}

function resolvable(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
