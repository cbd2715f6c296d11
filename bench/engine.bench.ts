// The embedded engine beside DBOS and pg-boss on the same Postgres: trivial-run throughput and idle
// start latency, 10,000 waits due in the same minute, and many parked runs (memory, resume after a
// restart). Sizes: BENCH_PEER_RUNS, BENCH_SAME_MINUTE_RUNS, BENCH_WAITING_RUNS.
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configure, tasks } from "@trigger.dev/sdk";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { createEngine, type Engine } from "../server/engine/engine.js";
import {
  freshDatabase,
  measureOptionsFromEnv,
  measureStartLatency,
  measureThroughput,
  type PeerDriver,
  percentile,
  Signals,
} from "./engine-peers/measure.js";
import { benchPeers } from "./engine-peers.js";
import type { BenchResult } from "./types.js";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.join(ROOT, "engine-project");
const KEY = "tr_dev_bench";
const int = (name: string, fallback: number) => Number(process.env[name] ?? "") || fallback;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function startEngine(databaseUrl: string, clock = false): Promise<Engine> {
  const engine = await createEngine({
    databaseUrl,
    projectDir: PROJECT,
    secretKey: KEY,
    concurrency: 100,
    allowClockControl: clock,
  });
  const url = await engine.listen(0);
  await engine.start();
  configure({ baseURL: url, accessToken: KEY });
  return engine;
}

async function count(engine: Engine, task: string, status: string): Promise<number> {
  const r = await engine.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM trigger_engine.runs WHERE task_identifier = $1 AND status = $2",
    [task, status],
  );
  return Number(r.rows[0]?.n ?? 0);
}

async function triggerMany(task: string, payloads: unknown[]): Promise<void> {
  for (let i = 0; i < payloads.length; i += 500) {
    await tasks.batchTrigger(
      task,
      payloads.slice(i, i + 500).map((payload) => ({ payload })),
    );
  }
}

async function throughputAndLatency(engine: Engine): Promise<BenchResult[]> {
  const opts = measureOptionsFromEnv();
  const signals = new Signals();
  (globalThis as { __engineBench?: unknown }).__engineBench = signals;
  const driver: PeerDriver = {
    trigger: async (n) => void (await tasks.trigger("bench.echo", { n })),
    startedOf: (n) => signals.startedOf(n),
    finishedOf: (n) => signals.finishedOf(n),
    completedCount: () => count(engine, "bench.echo", "COMPLETED_SUCCESSFULLY"),
  };
  const perSec = await measureThroughput(driver, opts, 0);
  const latencies = (await measureStartLatency(driver, (n) => signals.arm(n), opts, 1_000_000)).sort(
    (a, b) => a - b,
  );
  return [
    {
      group: "engine",
      name: `sequora engine throughput (${opts.runs} trivial runs, ${opts.senders} senders)`,
      value: perSec,
      unit: "runs/s",
    },
    {
      group: "engine",
      name: `sequora engine p50 start latency (${latencies.length} idle triggers)`,
      value: percentile(latencies, 50),
      unit: "ms",
    },
    {
      group: "engine",
      name: `sequora engine p99 start latency (${latencies.length} idle triggers)`,
      value: percentile(latencies, 99),
      unit: "ms",
    },
  ];
}

/** N runs whose wait.until falls in the same minute: how late does each resume? */
async function sameMinute(engine: Engine): Promise<BenchResult[]> {
  const n = int("BENCH_SAME_MINUTE_RUNS", 10_000);
  const minuteStart = Date.now() + Math.max(60_000, n * 15);
  await triggerMany(
    "bench.until",
    Array.from({ length: n }, (_, i) => ({ until: new Date(minuteStart + (i % 60) * 1000).toISOString() })),
  );
  while ((await count(engine, "bench.until", "COMPLETED_SUCCESSFULLY")) < n) await sleep(500);
  const r = await engine.pool.query<{ late_ms: number }>(
    `SELECT extract(epoch FROM completed_at - regexp_replace(payload, '^.*"until":"([^"]+)".*$', '\\1')::timestamptz) * 1000 AS late_ms
       FROM trigger_engine.runs WHERE task_identifier = 'bench.until'`,
  );
  const late = r.rows.map((x) => Number(x.late_ms)).sort((a, b) => a - b);
  return [
    {
      group: "engine",
      name: `${n} wait.until in one minute: p50 resume lateness`,
      value: percentile(late, 50),
      unit: "ms",
    },
    {
      group: "engine",
      name: `${n} wait.until in one minute: p99 resume lateness`,
      value: percentile(late, 99),
      unit: "ms",
      goal: "< 2000 ms",
      ok: percentile(late, 99) < 2000,
    },
    {
      group: "engine",
      name: `${n} wait.until in one minute: last one resumed late by`,
      value: late.at(-1) ?? Number.NaN,
      unit: "ms",
    },
  ];
}

/** N parked runs: engine memory while they wait, then the time to resume all after a restart. */
async function parked(databaseUrl: string): Promise<BenchResult[]> {
  const n = int("BENCH_WAITING_RUNS", 20_000);
  let engine = await startEngine(databaseUrl, true);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  await triggerMany(
    "bench.park",
    Array.from({ length: n }, () => ({})),
  );
  let peak = 0;
  while ((await count(engine, "bench.park", "WAITING_TO_RESUME")) < n) {
    peak = Math.max(peak, process.memoryUsage().rss);
    await sleep(500);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const waitingRss = process.memoryUsage().rss;
  await engine.stop();
  engine = await startEngine(databaseUrl, true);
  const t0 = performance.now();
  await engine.clock.advance(3_600_000 + 1_000);
  while ((await count(engine, "bench.park", "COMPLETED_SUCCESSFULLY")) < n) await sleep(250);
  const resumeSeconds = (performance.now() - t0) / 1000;
  await engine.stop();
  return [
    {
      group: "engine",
      name: `${n} runs waiting: process RSS (before ${mb(before)} MB, peak ${mb(peak)} MB)`,
      value: mb(waitingRss),
      unit: "MB",
      goal: "< 400 MB",
      ok: mb(Math.max(waitingRss, peak)) < 400,
    },
    {
      group: "engine",
      name: `${n} runs waiting: resume all after a restart`,
      value: resumeSeconds,
      unit: "s",
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = path.resolve(".data/bench-engine");
  rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({ dataDir, port: 54371, throwaway: true });
  try {
    const engine = await startEngine(await freshDatabase(cluster.adminUrl, "bench_engine"));
    const ours = await throughputAndLatency(engine);
    const minute = await sameMinute(engine);
    await engine.stop();
    const peers = await benchPeers({ adminUrl: cluster.adminUrl });
    const waiting = await parked(await freshDatabase(cluster.adminUrl, "bench_engine_waiting"));
    return [...ours, ...peers, ...ratios(ours, peers), ...minute, ...waiting];
  } finally {
    await cluster.stop();
  }
}

function ratios(ours: BenchResult[], peers: BenchResult[]): BenchResult[] {
  const find = (list: BenchResult[], who: string, what: string) =>
    list.find((r) => r.name.startsWith(who) && r.name.includes(what));
  const out: BenchResult[] = [];
  for (const peer of ["dbos", "pg-boss"]) {
    const t = find(peers, peer, "throughput");
    const l = find(peers, peer, "p50 start latency");
    const ot = find(ours, "sequora", "throughput");
    const ol = find(ours, "sequora", "p50 start latency");
    if (t && ot)
      out.push({
        group: "engine",
        name: `throughput ratio sequora / ${peer}`,
        value: ot.value / t.value,
        unit: "x",
        goal: "> 1",
        ok: ot.value > t.value,
      });
    if (l && ol)
      out.push({
        group: "engine",
        name: `p50 start latency ratio ${peer} / sequora`,
        value: l.value / ol.value,
        unit: "x",
        goal: "> 1",
        ok: l.value > ol.value,
      });
  }
  return out;
}
