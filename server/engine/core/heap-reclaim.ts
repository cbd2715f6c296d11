import v8 from "node:v8";
import vm from "node:vm";
import { wholeNumberFromEnv } from "./env.js";

// After a burst of runs an executor thread keeps the heap V8 grew it to: in the bench, 20,000
// runs that parked left ~870 MB of process RSS 12 s later, and V8's own memory reducer had not
// given it back; an experiment running a full GC every 4 s in each thread with nothing executing
// brought it to ~500 MB (the parked attempts themselves stay). So a thread that has had no new run
// for a while and whose heap grew well past what was live after its last full GC runs one (712-747
// MB), then a few more while each still gives pages back (547 MB). Never during a burst: a full GC
// stops the thread's runs for its duration.

/** How long a thread must have taken no new run. */
export const QUIET_MS = 2_000;
/**
 * Growth of the used or the committed heap since the last full GC that is worth one. At 64 MB a
 * thread with an 8 MB young generation (executors.ts) often stayed under it after 20,000 runs parked
 * and kept the pages: 20,000 waiting, 2 threads, RSS 378 / 401 MB at 64 MB, 354 / 344 MB at 24 MB.
 */
export const GROWTH_BYTES = 24 * 1024 * 1024;

/**
 * After a reclaim, up to this many more full GCs, one per check while the thread stays quiet, as
 * long as the previous one gave back at least `FOLLOW_UP_BYTES` of committed heap: one GC frees
 * the burst's objects, the next ones give back the pages (20,000 waiting runs: 770 -> 547 MB RSS).
 */
export const MAX_FOLLOW_UPS = 4;
export const FOLLOW_UP_BYTES = 8 * 1024 * 1024;

/** One more full GC after a reclaim: quiet still, follow-ups left, and the last one gave back enough. */
export function shouldFollowUp(s: {
  quietMs: number;
  followUpsLeft: number;
  committedBeforeLastGcBytes: number;
  committedAfterLastGcBytes: number;
}): boolean {
  return (
    s.quietMs >= QUIET_MS &&
    s.followUpsLeft > 0 &&
    s.committedBeforeLastGcBytes - s.committedAfterLastGcBytes >= FOLLOW_UP_BYTES
  );
}

export interface HeapState {
  quietMs: number;
  usedBytes: number;
  committedBytes: number;
  /** Used and committed heap right after the last full GC (or at start). */
  liveAfterGcBytes: number;
  committedAfterGcBytes: number;
}

/**
 * Quiet, and the heap grew since the last full GC: in what is used (garbage counts until
 * collected), or in what V8 holds (after its own collections the used heap is small again, but
 * the pages it grew to stay committed).
 */
export function shouldReclaim(s: HeapState): boolean {
  return (
    s.quietMs >= QUIET_MS &&
    (s.usedBytes - s.liveAfterGcBytes > GROWTH_BYTES ||
      s.committedBytes - s.committedAfterGcBytes > GROWTH_BYTES)
  );
}

/**
 * V8's full, memory-reducing GC as a function: the one `--expose-gc` installs, else the same one
 * obtained by turning the flag on and reading it from a fresh context. Undefined if V8 refuses.
 */
export function fullGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks every `QUIET_MS` (unref'd timer) and runs a full GC when `shouldReclaim` says so.
 * `lastRunAt()` is when the thread last took a run. Returns the stop function. Off with
 * `ENGINE_HEAP_RECLAIM=0`.
 */
export function startHeapReclaim(lastRunAt: () => number): () => void {
  if (process.env.ENGINE_HEAP_RECLAIM === "0") return () => {};
  const gc = fullGc();
  if (!gc) return () => {};
  let after = v8.getHeapStatistics();
  let committedBeforeGc = after.total_heap_size;
  let followUpsLeft = 0;
  const timer = setInterval(() => {
    const now = v8.getHeapStatistics();
    const state: HeapState = {
      quietMs: performance.now() - lastRunAt(),
      usedBytes: now.used_heap_size,
      committedBytes: now.total_heap_size,
      liveAfterGcBytes: after.used_heap_size,
      committedAfterGcBytes: after.total_heap_size,
    };
    if (
      shouldFollowUp({
        quietMs: state.quietMs,
        followUpsLeft,
        committedBeforeLastGcBytes: committedBeforeGc,
        committedAfterLastGcBytes: after.total_heap_size,
      })
    ) {
      committedBeforeGc = after.total_heap_size;
      gc();
      after = v8.getHeapStatistics();
      followUpsLeft--;
      return;
    }
    followUpsLeft = 0;
    if (!shouldReclaim(state)) return;
    committedBeforeGc = now.total_heap_size;
    gc();
    after = v8.getHeapStatistics();
    followUpsLeft = MAX_FOLLOW_UPS;
  }, QUIET_MS);
  timer.unref();
  return () => clearInterval(timer);
}

// During a burst (20,000 runs parking, engine thread) the JS heap in use climbed to ~410 MB while
// what stayed live was under 100 MB: after each full GC V8 lets the old generation grow to up to
// about 4x what survived before it collects again, and the runs in flight keep promoting
// short-lived objects into it. The process RSS followed (peak 551 MB, 293 MB once waiting). With
// the growth after a full GC fixed at 1.5x the same burst peaked at 299 MB (276 MB waiting), in
// about the same time: full GCs come more often, but each finds less to mark.

/** The engine's default: after a full GC the old generation may grow by half before the next. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/**
 * The heap growth the engine asks V8 for: `ENGINE_HEAP_GROWING_PERCENT` (default 50; 0 leaves V8's
 * own heuristics), unless the process was started with its own `--heap-growing-percent`.
 * Throws on a value that is not a whole number from 0 to 1,000.
 */
export function heapGrowingPercent(env: NodeJS.ProcessEnv, execArgv: readonly string[]): number | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  const n = wholeNumberFromEnv(env, "ENGINE_HEAP_GROWING_PERCENT", {
    fallback: DEFAULT_HEAP_GROWING_PERCENT,
    max: 1_000,
    meaning: "0: V8's default",
  });
  return n === 0 ? undefined : n;
}

/**
 * Applies `heapGrowingPercent` to this process (V8 flags are process-wide, so the executor threads
 * get it too). V8 reads the flag at each full GC, so setting it after start-up takes effect.
 */
export function limitHeapGrowth(): number | undefined {
  const percent = heapGrowingPercent(process.env, process.execArgv);
  if (percent !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
