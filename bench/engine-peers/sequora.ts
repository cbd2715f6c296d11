// The Sequora side of the engine benchmark: the embedded engine driven through the real SDK, with
// the same measuring loops as the peers (bench/engine-peers/measure.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configure, tasks } from "@trigger.dev/sdk";
import {
  createEngine,
  type Engine,
  type EngineRunStatus,
  executorThreadsFromEnv,
} from "../../server/engine/index.js";
import {
  type DrainDriver,
  type MeasureOptions,
  measureDrain,
  measureStartLatency,
  measureThroughput,
  type PeerDriver,
  type PeerFigures,
  peerFigures,
  percentile,
  Signals,
  sizeOption,
} from "./measure.js";

const PROJECT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "engine-project");
const KEY = "tr_dev_bench";
/** Attempts executing at once in the engine process (its `concurrency` option). */
export const SEQUORA_CONCURRENCY = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long after the last run parked the waiting RSS is read. */
export const WAITING_SETTLE_MS = 6_000;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Executor threads for the flood, drain and latency figures: the engine's default when embedded in
 * Sequora (0, task code in the engine's own thread, as the peers run their handlers), unless
 * `ENGINE_EXECUTORS` says otherwise. The bench also measures them with `THREADED_EXECUTORS`.
 */
export const FLOOD_EXECUTORS = executorThreadsFromEnv(process.env, 0);
/** `npm run engine`'s default: a busy run cannot delay the API or other runs (the isolation figure). */
export const THREADED_EXECUTORS = 2;

export async function startEngine(
  databaseUrl: string,
  opts: { clock?: boolean; start?: boolean; executors?: number } = {},
) {
  const engine = await createEngine({
    databaseUrl,
    projectDir: PROJECT,
    secretKey: KEY,
    concurrency: SEQUORA_CONCURRENCY,
    executors: opts.executors ?? THREADED_EXECUTORS,
    allowClockControl: opts.clock ?? false,
  });
  const url = await engine.listen(0);
  if (opts.start !== false) await engine.start();
  configure({ baseURL: url, accessToken: KEY });
  return engine;
}

export async function count(engine: Engine, task: string, status: EngineRunStatus): Promise<number> {
  const rows = await engine.state.countRuns({ taskIdentifier: task, status: [status] });
  return rows.reduce((n, r) => n + r.count, 0);
}

/** `tasks.batchTrigger` in batches of 500 items (the SDK's own limit is 1,000 per batch). */
export async function triggerMany(
  task: string,
  payloads: unknown[],
  tagOf?: (i: number) => string,
): Promise<void> {
  for (let i = 0; i < payloads.length; i += 500) {
    await tasks.batchTrigger(
      task,
      payloads
        .slice(i, i + 500)
        .map((payload, j) => ({ payload, ...(tagOf ? { options: { tags: [tagOf(i + j)] } } : {}) })),
    );
  }
}

/** Flood throughput, idle start latency, then drain, each on a fresh engine database. */
export async function benchSequora(
  urls: { flood: string; drain: string },
  opts: MeasureOptions,
  executors = FLOOD_EXECUTORS,
): Promise<PeerFigures> {
  const signals = listenSignals();
  let engine = await startEngine(urls.flood, { executors });
  const completed = () => count(engine, "bench.echo", "COMPLETED_SUCCESSFULLY");
  try {
    const driver: PeerDriver = {
      trigger: async (n) => void (await tasks.trigger("bench.echo", { n })),
      startedOf: (n) => signals.startedOf(n),
      finishedOf: (n) => signals.finishedOf(n),
      completedCount: completed,
    };
    const throughputPerSec = await measureThroughput(driver, opts, 0);
    const latencies = await measureStartLatency(driver, (n) => signals.arm(n), opts, 1_000_000);
    await engine.stop();
    // Drain: the engine serves the API (batchTrigger) but its worker starts only once all are queued.
    engine = await startEngine(urls.drain, { start: false, executors });
    // Polled every 10 ms while the drain runs, so it counts what is left, as graphile-worker's
    // driver does (counting the finished runs scans all of them: 10 ms a poll at 20,000). The
    // figure is only reported after every run is checked COMPLETED below.
    let enqueued = 0;
    const drain: DrainDriver = {
      enqueue: async (inputs) => {
        await triggerMany(
          "bench.echo",
          inputs.map((n) => ({ n })),
        );
        enqueued += inputs.length;
      },
      startConsumers: () => engine.start(),
      completedCount: async () => enqueued - (await engine.state.pendingWork(new Date())),
    };
    const drainPerSec = await measureDrain(drain, opts.drainRuns, 3_000_000);
    const done = await completed();
    if (done !== opts.drainRuns) throw new Error(`drain: ${done} of ${opts.drainRuns} runs completed`);
    return peerFigures(opts.runs, throughputPerSec, drainPerSec, latencies);
  } finally {
    signals.close();
    await engine.stop();
  }
}

/**
 * Task code signals with its own timestamp: directly when it runs in this thread, over a
 * BroadcastChannel from an executor thread (bench/engine-project/trigger/bench.ts).
 */
function listenSignals(): Signals & { close(): void } {
  const signals = new Signals();
  // The handler's absolute time (timeOrigin + now, one clock for all threads) on this thread's scale.
  const receive = (kind: "started" | "finished", n: number, at: number) => {
    if (kind === "started") signals.started(n, at - performance.timeOrigin);
    else signals.finished(n);
  };
  const global = globalThis as { __sequoraBenchSignal?: typeof receive };
  global.__sequoraBenchSignal = receive;
  const channel = new BroadcastChannel("sequora-engine-bench");
  (channel as unknown as { unref(): void }).unref();
  channel.onmessage = (e: MessageEvent<{ kind: "started" | "finished"; n: number; at: number }>) =>
    receive(e.data.kind, e.data.n, e.data.at);
  return Object.assign(signals, {
    close: () => {
      if (global.__sequoraBenchSignal === receive) delete global.__sequoraBenchSignal;
      channel.close();
    },
  });
}

export interface IsolationFigures {
  busyMs: number;
  /** `tasks.trigger` of an unrelated task while a run spins, p50 / max over the samples. */
  triggerP50Ms: number;
  triggerMaxMs: number;
  /** The unrelated run, trigger to completed, while the busy run still spins (p50, max). */
  completeP50Ms: number;
  completeMaxMs: number;
  samples: number;
}

/** One run spins for 4 s; meanwhile unrelated runs are triggered one by one and timed. */
export async function benchIsolation(databaseUrl: string): Promise<IsolationFigures> {
  const busyMs = 4_000;
  const signals = listenSignals();
  signals.arm(-1);
  const engine = await startEngine(databaseUrl);
  try {
    await tasks.trigger("bench.busy", { ms: busyMs });
    const spinningSince = await signals.startedOf(-1);
    const trig: number[] = [];
    const done: number[] = [];
    for (let n = 0; performance.now() - spinningSince < busyMs - 500; n++) {
      signals.arm(n);
      const t0 = performance.now();
      await tasks.trigger("bench.echo", { n });
      trig.push(performance.now() - t0);
      await signals.finishedOf(n);
      done.push(performance.now() - t0);
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      busyMs,
      triggerP50Ms: percentile(sorted(trig), 50),
      triggerMaxMs: sorted(trig).at(-1) ?? Number.NaN,
      completeP50Ms: percentile(sorted(done), 50),
      completeMaxMs: sorted(done).at(-1) ?? Number.NaN,
      samples: trig.length,
    };
  } finally {
    signals.close();
    await engine.stop();
  }
}

export interface SameMinuteFigures {
  runs: number;
  p50LateMs: number;
  p99LateMs: number;
  lastLateMs: number;
}

/** N runs whose wait.until falls in the same minute: how late does each resume? */
export async function benchSameMinute(databaseUrl: string): Promise<SameMinuteFigures> {
  const n = sizeOption("same-minute", "BENCH_SAME_MINUTE_RUNS", 10_000);
  const engine = await startEngine(databaseUrl);
  try {
    const minuteStart = Date.now() + Math.max(60_000, n * 15);
    // Each run is tagged with its second in the minute, so its lateness is read back per tag.
    await triggerMany(
      "bench.until",
      Array.from({ length: n }, (_, i) => ({ until: new Date(minuteStart + (i % 60) * 1000).toISOString() })),
      (i) => `s${i % 60}`,
    );
    while ((await count(engine, "bench.until", "COMPLETED_SUCCESSFULLY")) < n) await sleep(500);
    const late: number[] = [];
    for (let s = 0; s < 60; s++) {
      const runs = await engine.state.listRuns({ taskIdentifier: "bench.until", tag: `s${s}`, limit: 1000 });
      for (const r of runs) late.push((r.completedAt?.getTime() ?? Number.NaN) - (minuteStart + s * 1000));
    }
    late.sort((a, b) => a - b);
    return {
      runs: n,
      p50LateMs: percentile(late, 50),
      p99LateMs: percentile(late, 99),
      lastLateMs: late.at(-1) ?? Number.NaN,
    };
  } finally {
    await engine.stop();
  }
}

export interface ParkedFigures {
  runs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssWaitingMb: number;
  parkSeconds: number;
  resumePerSec: number;
}

/**
 * N parked runs: engine memory while they wait, then the time to resume all after a restart. In a
 * process of its own (`parked-process.ts`): its RSS is the engine's and its trigger client's (one
 * process, as embedded in Sequora), not also the heaps and modules of the peers measured before.
 */
export function benchParked(databaseUrl: string, executors = THREADED_EXECUTORS): Promise<ParkedFigures> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "parked-process.ts");
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", script, databaseUrl, String(executors), ...process.argv.slice(2)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(PARKED_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(PARKED_PREFIX.length)) as ParkedFigures);
      else reject(new Error(`waiting-run bench process exited with ${code}`));
    });
  });
}

/** How `parked-process.ts` hands its figures back on stdout. */
export const PARKED_PREFIX = "PARKED ";

/** `benchParked` in this process (`parked-process.ts` calls it). */
export async function benchParkedHere(databaseUrl: string, executors: number): Promise<ParkedFigures> {
  const n = sizeOption("waiting", "BENCH_WAITING_RUNS", 20_000);
  let engine = await startEngine(databaseUrl, { clock: true, executors });
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  await triggerMany(
    "bench.park",
    Array.from({ length: n }, () => ({})),
  );
  let peak = 0;
  while ((await count(engine, "bench.park", "WAITING_TO_RESUME")) < n) {
    peak = Math.max(peak, process.memoryUsage().rss);
    await sleep(500);
  }
  const parkSeconds = (performance.now() - t0) / 1000;
  // While they wait, not at the instant the last one parked: the executor threads give back the
  // burst's heap once quiet (core/heap-reclaim.ts: 2 s, checked every 2 s).
  await sleep(WAITING_SETTLE_MS);
  (globalThis as { gc?: () => void }).gc?.();
  const waitingRss = process.memoryUsage().rss;
  await engine.stop();
  engine = await startEngine(databaseUrl, { clock: true, executors });
  const t1 = performance.now();
  await engine.clock.advance(3_600_000 + 1_000);
  const advancedAt = { wall: performance.now(), engine: engine.clock.now().getTime() };
  // Polled slowly, and the end read from the last run's completion time (engine clock) instead:
  // counting the completed runs scans all of them, 11 ms a poll at 20,000, so polling every 100 ms
  // took a tenth of a core from the engine being measured and still ended up to 100 ms late.
  while ((await count(engine, "bench.park", "COMPLETED_SUCCESSFULLY")) < n) await sleep(1_000);
  const last = await engine.pool.query<{ at: Date }>(
    "SELECT max(completed_at) AS at FROM trigger_engine.runs WHERE task_identifier = 'bench.park'",
  );
  const lastMs = last.rows[0]?.at?.getTime() ?? Number.NaN;
  const resumeSeconds = (advancedAt.wall - t1 + (lastMs - advancedAt.engine)) / 1000;
  await engine.stop();
  return {
    runs: n,
    rssBeforeMb: mb(before),
    rssPeakMb: mb(peak),
    rssWaitingMb: mb(waitingRss),
    parkSeconds,
    resumePerSec: n / resumeSeconds,
  };
}

/** Stand-alone, Sequora only (for iterating): `npx tsx bench/engine-peers/sequora.ts --runs=500 --drain=2000`. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startEmbeddedPostgres } = await import("../../server/db/embedded-postgres.js");
  const { freshDatabase, measureOptionsFromEnv } = await import("./measure.js");
  const port = Number(process.env.BENCH_PG_PORT ?? 54372);
  const cluster = await startEmbeddedPostgres({
    // One folder per port, so two stand-alone runs can measure side by side.
    dataDir: `.data/bench-sequora-${port}`,
    port,
    throwaway: true,
  });
  const db = (name: string) => freshDatabase(cluster.adminUrl, name);
  let code = 0;
  try {
    const opts = measureOptionsFromEnv();
    console.log(await benchSequora({ flood: await db("seq_flood"), drain: await db("seq_drain") }, opts));
    if (!process.argv.includes("--no-waiting")) console.log(await benchParked(await db("seq_waiting")));
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    // Never hang at the end of a figure run: Postgres gets 15 s to stop, then the process exits.
    await Promise.race([cluster.stop(), sleep(15_000)]);
  }
  process.exit(code);
}
