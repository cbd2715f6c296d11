import { SHARE_ENV, Worker } from "node:worker_threads";
import { logger } from "../../lib/logger.js";
import type { RunningAttempt } from "./attempt.js";
import { clockBuffer } from "./clock.js";
import type { EngineCore } from "./core.js";
import type { RunRow } from "./db.js";
import { type ExecutorBoot, prepareExecutorBoot } from "./executor-bundle.js";
import { outbox } from "./outbox.js";
import { finishAttempt } from "./outcome.js";

// Task code runs in executor threads, not in the engine's thread: a CPU-bound run then delays
// neither the HTTP API nor the dequeue loop, and a run that overstays maxDuration or a cancel is
// stopped for real by terminating its thread (V8 stops even a busy loop). The engine thread
// dequeues and leases as before and hands each leased run to a thread; a thread runs many
// attempts at once (AsyncLocalStorage slots, as in one process) and parks waiting ones, so a
// resumed run goes back to the thread that parked it (affinity) and continues in place there.
// Killing a thread costs its neighbours: executing runs are handed back at once (re-executed,
// like after a crash), parked ones replay when they resume. A thread takes seconds to load (its
// own copy of the SDK and the project; tens of seconds on a busy machine), so one spare thread is
// kept loaded once a thread has been stopped: the next killed thread's place is taken by the
// spare at once, and a new spare loads. (None before the first kill: loading it takes seconds of
// CPU from the runs, and most engines never stop a thread.)

/** After maxDuration (or a cancel), how long a thread may stay silent before it is terminated. */
const KILL_GRACE_MS = 1_500;
/** A thread that has not answered a ping for this long is busy (CPU-bound code): avoid it. */
const BUSY_MS = 500;
/** How often an executor thread with runs stamps its `beat` cell (shared memory). */
export const BEAT_MS = 5;
/**
 * A thread with runs whose beat is older than this, or that has not answered a ping sent this long
 * ago, may be stuck in CPU-bound code: new runs go to a thread that answers, if any. (BUSY_MS alone
 * let a run land on a thread that had begun to spin a moment before, where it waited for the spin
 * to end: `npm run bench -- engine`'s isolation figure.)
 */
const SUSPECT_MS = 20;

/** `performance.timeOrigin + performance.now()`: one clock for every thread of the process. */
export const processNowMs = () => performance.timeOrigin + performance.now();
/**
 * A resumed run goes back to the thread that parked it (it continues in place) unless that thread
 * has been stuck this long: on a loaded machine a late beat of 20 ms is common, and a run sent elsewhere
 * replays from the top.
 */
const HOME_STUCK_MS = 100;

const MAX_AFFINITY = 100_000;
/** A replacement thread that failed to load is tried again after this, doubling up to 30 s. */
const RESPAWN_MS = 1_000;
/**
 * Each thread's young generation (V8's default on 64-bit Node 20 lets it grow to 48 MB a thread,
 * which loading the task bundle alone reaches). 2 threads, 20,000 runs parked, 6 s quiet: process
 * RSS 440-450 MB -> 373-406 MB (before any run: 310-314 -> 264 MB); the threaded drain and trickle
 * moved within their noise (drain 1,958 / 1,932 -> 2,002 / 1,837 runs/s).
 */
export const EXECUTOR_YOUNG_GENERATION_MB = 8;

export interface ExecutorThreadOptions {
  databaseUrl: string;
  projectDir: string;
  allowClockControl: boolean;
  secretKey: string;
  strictKeys: boolean;
  workerId: string;
  /** This thread's part of the process's suspended-attempt bound (suspended.ts `suspendedShare`). */
  maxSuspended: number;
}

/** What the engine thread tells an executor thread (in arrays: core/outbox.ts). */
export type ToThread =
  | { t: "run"; run: RunRow }
  | { t: "cancel"; runId: string }
  | { t: "ping" }
  | { t: "stop" };
/** What an executor thread tells the engine thread (in arrays). */
export type FromThread =
  | { t: "ready" }
  | { t: "failed"; error: string }
  | { t: "pong" }
  | { t: "leg"; runId: string; remainingMs: number | null }
  | { t: "codeStopped"; runId: string }
  | { t: "done"; runId: string; parked: boolean }
  | { t: "runaway"; runId: string }
  | { t: "cancel"; runId: string }
  | { t: "wake" }
  | { t: "stopped" };

interface Leg {
  run: RunRow;
  /** The run's code stopped; its state is being written (`RunningAttempt.codeStopped`). */
  codeStopped(): void;
  finish(): void;
  timer?: NodeJS.Timeout;
}

/** What the choice of a thread for a run reads of each thread (`pickThread`). */
export interface ThreadView {
  n: number;
  alive: boolean;
  /** Ready to take runs (a replacement thread is still loading the project). */
  ready_: boolean;
  /** `performance.now()` of its last message. */
  lastPong: number;
  /** When the ping still unanswered was sent (`performance.now()`). */
  pingSentAt: number | undefined;
  /** Shared with the thread: its last beat (`processNowMs`), every BEAT_MS while it has runs. */
  beat: Float64Array;
  /** When it was last handed a run while it had none (`processNowMs`): it beats only from then. */
  busySince: number;
  legs: { readonly size: number };
}

interface Thread extends ThreadView {
  worker: Worker;
  ready: Promise<void>;
  legs: Map<string, Leg>;
  /** Posts to the thread once per turn (core/outbox.ts). */
  send(m: ToThread): void;
}

/**
 * How long the thread may have been stuck in CPU-bound code: while it has runs, since its last
 * beat (or since it was handed its first, if it has not beaten since: its beat is from its last
 * busy spell); and for as long as a ping has gone unanswered.
 */
export function stuckMs(t: ThreadView, now: number, processNow: number): number {
  return Math.max(
    t.legs.size > 0 ? processNow - Math.max(t.beat[0]!, t.busySince) : 0,
    t.pingSentAt !== undefined ? now - t.pingSentAt : 0,
  );
}

/**
 * The thread for a run: `home` (the one that parked it) unless stuck HOME_STUCK_MS; else the least
 * loaded of those stuck at most SUSPECT_MS; else (a loaded machine is late everywhere) the one
 * stuck the shortest. Threads silent for BUSY_MS are passed over while another one answers.
 */
export function pickThread<T extends ThreadView>(
  threads: readonly T[],
  home: number | undefined,
  now = performance.now(),
  processNow = processNowMs(),
): T | undefined {
  const stuck = new Map(threads.map((t) => [t, stuckMs(t, now, processNow)]));
  const alive = threads.filter((t) => t.alive && t.ready_);
  const free = alive.filter((t) => now - t.lastPong < BUSY_MS);
  const homeThread = free.find((t) => t.n === home);
  if (homeThread && stuck.get(homeThread)! <= HOME_STUCK_MS) return homeThread;
  const answering = free.filter((t) => stuck.get(t)! <= SUSPECT_MS);
  if (answering.length > 0) return answering.sort((a, b) => a.legs.size - b.legs.size)[0];
  return (free.length > 0 ? free : alive).sort(
    (a, b) => stuck.get(a)! - stuck.get(b)! || a.legs.size - b.legs.size,
  )[0];
}

export class ExecutorPool {
  private readonly threads: Thread[] = [];
  private readonly affinity = new Map<string, number>();
  /** Leased runs waiting for a thread (every thread was being replaced). */
  private readonly pending: Array<() => void> = [];
  private pinger: NodeJS.Timeout | undefined;
  private stopping = false;
  private spawned = 0;
  /** Loaded and idle: takes a killed thread's place at once (see above). */
  private spare: Thread | undefined;
  private failedStarts = 0;
  private boot: ExecutorBoot | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly count: number,
    private readonly opts: ExecutorThreadOptions,
    private readonly cancelLocal: (runId: string) => void,
  ) {}

  async start(): Promise<void> {
    this.boot = await prepareExecutorBoot(this.core.project, this.core.workerId);
    for (let i = 0; i < this.count; i++) this.threads.push(this.spawn());
    try {
      await Promise.all(this.threads.map((t) => t.ready));
    } catch (err) {
      await this.stop();
      throw err;
    }
    // No spare yet: loading one costs seconds of CPU (the SDK and the project once more), taken
    // from the runs on a small machine. The first stopped thread brings one (see kill).
    this.pinger = setInterval(() => {
      for (const t of this.threads) {
        if (!t.alive) continue;
        t.pingSentAt ??= performance.now();
        t.send({ t: "ping" });
      }
    }, BUSY_MS / 2);
    this.pinger.unref();
  }

  private spawn(): Thread {
    const boot = this.boot!;
    const beat = new Float64Array(new SharedArrayBuffer(8));
    const worker = new Worker(new URL("../executor-boot.mjs", import.meta.url), {
      workerData: {
        beat: beat.buffer,
        entry: boot.entry,
        tsx: boot.tsx,
        modules: boot.modules,
        clock: clockBuffer(),
        opts: this.opts,
      },
      env: SHARE_ENV,
      resourceLimits: { maxYoungGenerationSizeMb: EXECUTOR_YOUNG_GENERATION_MB },
      // A bundled thread loads plain JavaScript: without the tsx flags the process was started
      // with, Node gives it no module-hooks thread.
      ...(boot.tsx ? {} : { execArgv: workerExecArgv(process.execArgv) }),
    });
    let ready!: () => void;
    let failed!: (err: Error) => void;
    const thread: Thread = {
      n: this.spawned++,
      worker,
      ready: new Promise<void>((res, rej) => {
        ready = res;
        failed = rej;
      }),
      alive: true,
      ready_: false,
      lastPong: performance.now(),
      pingSentAt: undefined,
      beat,
      busySince: 0,
      legs: new Map(),
      send: outbox((batch) => worker.postMessage(batch)),
    };
    worker.on("message", (batch: FromThread[]) => {
      thread.lastPong = performance.now();
      for (const m of batch) {
        if (m.t === "pong") thread.pingSentAt = undefined;
        if (m.t === "ready") {
          thread.ready_ = true;
          this.failedStarts = 0;
          ready();
          for (const dispatch of this.pending.splice(0)) dispatch();
          this.core.wake();
        } else if (m.t === "failed") {
          failed(new Error(`engine executor thread failed to start: ${m.error}`));
          this.startFailed(thread, m.error);
        } else this.onMessage(thread, m);
      }
    });
    worker.on("error", (err) => {
      logger.error("engine: executor thread crashed", { err: String(err).slice(0, 300) });
      failed(err);
      void this.kill(thread, undefined);
    });
    worker.unref();
    return thread;
  }

  private onMessage(thread: Thread, m: FromThread): void {
    if (m.t === "leg") {
      const leg = thread.legs.get(m.runId);
      if (leg && m.remainingMs !== null) {
        clearTimeout(leg.timer);
        leg.timer = setTimeout(
          () => void this.kill(thread, { leg, timedOut: true }),
          m.remainingMs + KILL_GRACE_MS,
        );
      }
    } else if (m.t === "codeStopped") {
      thread.legs.get(m.runId)?.codeStopped();
    } else if (m.t === "done") {
      const leg = thread.legs.get(m.runId);
      if (!leg) return;
      clearTimeout(leg.timer);
      thread.legs.delete(m.runId);
      if (!m.parked) this.affinity.delete(m.runId);
      leg.finish();
    } else if (m.t === "runaway") {
      void this.kill(thread, undefined);
    } else if (m.t === "cancel") {
      this.cancelLocal(m.runId);
    } else if (m.t === "wake") {
      this.core.wake();
    }
  }

  /** Hands a leased run to a thread: the one that parked it if it is free, else the least loaded free one. */
  launch(run: RunRow): RunningAttempt {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    let codeStopped!: () => void;
    const stopped = new Promise<void>((resolve) => (codeStopped = resolve));
    const leg: Leg = { run, codeStopped, finish };
    let thread: Thread | undefined;
    let canceled = false;
    const dispatch = () => {
      thread = this.pick(run.id);
      // Every thread is being replaced: the run keeps its lease and goes to the first one ready.
      if (!thread) return void this.pending.push(dispatch);
      if (canceled) return finish();
      // It stopped beating when its last runs ended: its beat counts from now (`stuckMs`).
      if (thread.legs.size === 0) thread.busySince = processNowMs();
      thread.legs.set(run.id, leg);
      this.affinity.set(run.id, thread.n);
      if (this.affinity.size > MAX_AFFINITY) this.affinity.delete(this.affinity.keys().next().value!);
      thread.send({ t: "run", run });
      // The thread's "leg" message (the exact time left, after time already spent before a wait)
      // goes out only when the thread next yields: a run that spins from its first line never
      // lets it. So arm the latest deadline it can have now; the message only brings it forward.
      if (run.max_duration_s)
        leg.timer = setTimeout(
          () => void this.kill(thread!, { leg, timedOut: true }),
          run.max_duration_s * 1000 + KILL_GRACE_MS,
        );
    };
    dispatch();
    return {
      cancel: () => {
        canceled = true;
        const t = thread;
        if (!t?.legs.has(run.id)) return;
        t!.send({ t: "cancel", runId: run.id });
        clearTimeout(leg.timer);
        leg.timer = setTimeout(() => void this.kill(t, { leg, timedOut: false }), KILL_GRACE_MS);
      },
      done,
      codeStopped: stopped,
    };
  }

  private pick(runId: string): Thread | undefined {
    return pickThread(this.threads, this.affinity.get(runId));
  }

  /**
   * Stops a thread for good. The run that overstayed is marked TIMED_OUT (a canceled one is
   * already CANCELED); its neighbours that were executing are handed back to the queue.
   */
  private async kill(thread: Thread, culprit: { leg: Leg; timedOut: boolean } | undefined): Promise<void> {
    if (!thread.alive) return;
    thread.alive = false;
    await thread.worker.terminate().catch(() => {});
    if (culprit) {
      logger.warn("engine: stopped an executor thread running a runaway run", {
        run: culprit.leg.run.friendly_id,
        reason: culprit.timedOut ? "maxDuration" : "cancel",
      });
    }
    if (culprit?.timedOut) {
      const { run } = culprit.leg;
      await finishAttempt(
        this.core,
        run,
        run.attempt_number,
        {
          kind: "timed_out",
          error: {
            type: "INTERNAL_ERROR",
            code: "MAX_DURATION_EXCEEDED",
            message: "Run exceeded its maxDuration",
          },
        },
        undefined,
      ).catch((err) => logger.error("engine: could not time out a run", { err: String(err).slice(0, 200) }));
    }
    const others = [...thread.legs.keys()].filter((id) => id !== culprit?.leg.run.id);
    await this.handBack(others);
    for (const leg of thread.legs.values()) {
      clearTimeout(leg.timer);
      leg.finish();
    }
    thread.legs.clear();
    const i = this.threads.indexOf(thread);
    if (this.stopping || i < 0) return;
    // The spare (loaded, or at least loading for longer than a new one) takes the place; a
    // runaway is likely to come back, so a new spare loads for the next one.
    const next = this.spare?.alive ? this.spare : this.spawn();
    this.spare = this.spawn();
    this.threads[i] = next;
    if (next.ready_) for (const dispatch of this.pending.splice(0)) dispatch();
    await next.ready.catch(() => {});
    this.core.wake();
  }

  /**
   * A thread that could not load (the engine's start() already failed if it was a first one):
   * logged, and its place is loaded again after a growing delay so leased runs are not stranded.
   */
  private startFailed(thread: Thread, error: string): void {
    logger.error("engine: executor thread failed to start", { err: error.slice(0, 300) });
    thread.alive = false;
    void thread.worker.terminate().catch(() => {});
    if (this.stopping) return;
    const delay = Math.min(30_000, RESPAWN_MS * 2 ** this.failedStarts++);
    setTimeout(() => {
      if (this.stopping) return;
      const next = this.spawn();
      next.ready.catch(() => {});
      const i = this.threads.indexOf(thread);
      if (i >= 0) this.threads[i] = next;
      else if (this.spare === thread) this.spare = next;
      else void next.worker.terminate();
    }, delay).unref();
  }

  private async handBack(runIds: string[]): Promise<void> {
    if (runIds.length === 0) return;
    const now = this.core.clock.now();
    await this.core.pool
      .query(
        `UPDATE trigger_engine.runs SET status = 'PENDING', available_at = $3, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ANY($1) AND lease_owner = $2 AND status = 'EXECUTING'`,
        [runIds, this.core.workerId, now],
      )
      .catch((err) => logger.error("engine: could not hand runs back", { err: String(err).slice(0, 200) }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pinger);
    await Promise.all(
      [...this.threads, ...(this.spare ? [this.spare] : [])].map(async (t) => {
        if (!t.alive) return;
        t.alive = false;
        const stopped = new Promise<void>((resolve) => {
          t.worker.on("message", (batch: FromThread[]) => batch.some((m) => m.t === "stopped") && resolve());
          t.worker.once("exit", () => resolve());
        });
        t.send({ t: "stop" });
        await Promise.race([stopped, new Promise((r) => setTimeout(r, 3_000))]);
        await t.worker.terminate().catch(() => {});
      }),
    );
    this.boot?.dispose();
  }
}

const WITH_VALUE = new Set([
  "--require",
  "-r",
  "--import",
  "--loader",
  "--experimental-loader",
  "--conditions",
  "-C",
]);
const PLAIN = new Set(["--enable-source-maps", "--no-deprecation", "--no-warnings", "--trace-warnings"]);

/**
 * The process's Node flags a bundled thread keeps: module loading (but tsx's hooks) and warnings.
 * Given explicitly, a worker's flags may not include process-wide ones (`--expose-gc`,
 * `--inspect`: Node refuses the worker), so only these pass.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (WITH_VALUE.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : (execArgv[++i] ?? "");
      const long = flag === "-r" ? "--require" : flag === "-C" ? "--conditions" : flag;
      if (!value.includes("tsx")) out.push(`${long}=${value}`);
    } else if (PLAIN.has(flag)) out.push(arg);
  }
  return out;
}
