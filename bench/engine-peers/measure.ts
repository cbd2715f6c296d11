import { performance } from "node:perf_hooks";
import pg from "pg";
import { checkDatabaseName, databaseUrl } from "../../server/db/embedded-postgres.js";

/** What each peer adapter exposes to the shared measuring loops. */
export interface PeerDriver {
  /** Enqueue one trivial run whose handler returns `input`. */
  trigger(input: number): Promise<void>;
  /** Resolves when the handler for `input` starts; must be armed before `trigger`. */
  startedOf(input: number): Promise<number>;
  /** Resolves when the handler for `input` has returned. */
  finishedOf(input: number): Promise<void>;
  /** Runs of this bench recorded as completed in the peer's own tables. */
  completedCount(): Promise<number>;
}

export interface PeerFigures {
  throughputPerSec: number;
  /** Runs/s draining `drainRuns` runs queued before any consumer started. */
  drainPerSec: number;
  runs: number;
  p50StartMs: number;
  p99StartMs: number;
  samples: number;
}

/** One system's figures from its measured trickle, drain and idle start latencies. */
export function peerFigures(
  runs: number,
  throughputPerSec: number,
  drainPerSec: number,
  latencies: number[],
): PeerFigures {
  return {
    throughputPerSec,
    drainPerSec,
    runs,
    p50StartMs: percentile(latencies, 50),
    p99StartMs: percentile(latencies, 99),
    samples: latencies.length,
  };
}

export interface MeasureOptions {
  runs: number;
  latencySamples: number;
  /** Parallel senders while flooding: enqueueing is not what we measure. */
  senders: number;
  /** Runs queued while nothing consumes them, then drained. */
  drainRuns: number;
  /**
   * Rounds of the trickle, drain and latency phases, every system once per round, in turn; each
   * figure is the median of its rounds (one stalled phase on a shared machine moved a peer's drain
   * from ~14,000 to 551 runs/s in one run).
   */
  rounds: number;
}

/**
 * A size from `--flag=N` on the command line (`npm run bench -- engine --drain=2000`), else the
 * environment variable, else the default.
 */
export function sizeOption(flag: string, env: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`))?.split("=")[1];
  const value = Number.parseInt(arg ?? process.env[env] ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function measureOptionsFromEnv(): MeasureOptions {
  return {
    runs: sizeOption("runs", "BENCH_PEER_RUNS", 2000),
    latencySamples: sizeOption("samples", "BENCH_PEER_LATENCY_SAMPLES", 200),
    senders: sizeOption("senders", "BENCH_PEER_SENDERS", 16),
    drainRuns: sizeOption("drain", "BENCH_DRAIN_RUNS", 20_000),
    rounds: sizeOption("rounds", "BENCH_ROUNDS", 3),
  };
}

/** The lowest and the highest of a figure over the rounds. */
export interface Spread {
  min: number;
  max: number;
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * One system's figures over several rounds: each numeric field's median, and its spread. Fields
 * are taken from the first round (every round measures the same ones).
 */
export function medianFigures<T extends object>(
  rounds: readonly T[],
): { median: T; spread: Record<keyof T, Spread> } {
  const first = rounds[0];
  if (!first) throw new Error("medianFigures: no rounds");
  const med: Record<string, unknown> = {};
  const spread: Record<string, Spread> = {};
  for (const [key, value] of Object.entries(first)) {
    if (typeof value !== "number") {
      med[key] = value;
      continue;
    }
    const values = rounds.map((r) => (r as Record<string, unknown>)[key] as number);
    med[key] = median(values);
    spread[key] = { min: Math.min(...values), max: Math.max(...values) };
  }
  return { median: med as T, spread: spread as Record<keyof T, Spread> };
}

/** What the drain mode needs: queue runs with no consumer, then start consuming. */
export interface DrainDriver {
  enqueue(inputs: number[]): Promise<void>;
  startConsumers(): Promise<void>;
  completedCount(): Promise<number>;
}

/** `n` runs queued first (not timed), then timed from starting the consumers until all completed. */
export async function measureDrain(driver: DrainDriver, n: number, base: number): Promise<number> {
  const before = await driver.completedCount();
  const inputs = Array.from({ length: n }, (_, i) => base + i);
  for (let i = 0; i < n; i += 1000) await driver.enqueue(inputs.slice(i, i + 1000));
  const started = performance.now();
  await driver.startConsumers();
  while ((await driver.completedCount()) - before < n) await sleep(10);
  return n / ((performance.now() - started) / 1000);
}

/** Resolvers keyed by run input, so handlers can report when they start and end. */
export class Signals {
  readonly #started = new Map<number, (at: number) => void>();
  readonly #finished = new Map<number, () => void>();
  readonly #startedP = new Map<number, Promise<number>>();
  readonly #finishedP = new Map<number, Promise<void>>();

  arm(input: number): void {
    this.#startedP.set(input, new Promise((resolve) => this.#started.set(input, resolve)));
    this.#finishedP.set(input, new Promise((resolve) => this.#finished.set(input, resolve)));
  }

  /** `at`: when the handler started, on this thread's `performance.now()` scale (default: now). */
  started(input: number, at = performance.now()): void {
    this.#started.get(input)?.(at);
  }

  finished(input: number): void {
    this.#finished.get(input)?.();
  }

  startedOf(input: number): Promise<number> {
    return this.#startedP.get(input) ?? Promise.reject(new Error(`run ${input} not armed`));
  }

  finishedOf(input: number): Promise<void> {
    return this.#finishedP.get(input) ?? Promise.reject(new Error(`run ${input} not armed`));
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const LATENCY_WARMUP = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** N runs enqueued as fast as `senders` can, timed until the peer's tables show all completed. */
export async function measureThroughput(
  driver: PeerDriver,
  opts: MeasureOptions,
  base: number,
): Promise<number> {
  const before = await driver.completedCount();
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < opts.runs) {
      const input = base + next++;
      await driver.trigger(input);
    }
  };
  await Promise.all(Array.from({ length: opts.senders }, sender));
  while ((await driver.completedCount()) - before < opts.runs) await sleep(10);
  const seconds = (performance.now() - started) / 1000;
  return opts.runs / seconds;
}

/**
 * Sequential triggers on an idle system. A random pause between runs keeps the trigger from
 * locking into phase with a poller's interval, which would bias the figure either way.
 */
export async function measureStartLatency(
  driver: PeerDriver,
  arm: (input: number) => void,
  opts: MeasureOptions,
  base: number,
): Promise<number[]> {
  const samples: number[] = [];
  // Warm-up runs are not counted: a freshly registered queue or worker has its first poll ahead.
  for (let i = -LATENCY_WARMUP; i < opts.latencySamples; i++) {
    const input = base + LATENCY_WARMUP + i;
    arm(input);
    const t0 = performance.now();
    await driver.trigger(input);
    const startedAt = await driver.startedOf(input);
    if (i >= 0) samples.push(startedAt - t0);
    await driver.finishedOf(input);
    await sleep(Math.random() * 100);
  }
  return samples.sort((a, b) => a - b);
}

/** Drops and recreates a database so every bench starts from empty tables. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  checkDatabaseName(name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}
