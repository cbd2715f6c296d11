// The PEER side of the engine benchmark: the same trivial work (a function returning its input)
// on DBOS and pg-boss, each in its own fresh database on the same Postgres cluster the engine
// bench uses. Figures: throughput of N runs trigger-to-completed (completion read from each
// peer's own tables) and trigger-to-handler-start latency on an idle system.
//
//   npx tsx bench/engine-peers.ts          (stand-alone: starts its own embedded Postgres)
//   BENCH_PEER_RUNS=5000 BENCH_PEER_LATENCY_SAMPLES=300 npx tsx bench/engine-peers.ts
import { pathToFileURL } from "node:url";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { benchDbos, DBOS_QUEUE_POLL_MS } from "./engine-peers/dbos.js";
import { type MeasureOptions, measureOptionsFromEnv, type PeerFigures } from "./engine-peers/measure.js";
import {
  benchPgBoss,
  PG_BOSS_POLL_SECONDS,
  PG_BOSS_THROUGHPUT_BATCH,
  PG_BOSS_THROUGHPUT_WORKERS,
} from "./engine-peers/pg-boss.js";
import type { BenchResult } from "./types.js";

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function toResults(
  peer: string,
  setup: { flood: string; idle: string },
  figures: PeerFigures,
): BenchResult[] {
  return [
    {
      group: "engine",
      name: `${peer} throughput (${figures.runs} runs; ${setup.flood})`,
      value: round(figures.throughputPerSec),
      unit: "runs/s",
    },
    {
      group: "engine",
      name: `${peer} p50 start latency (${figures.samples} idle triggers; ${setup.idle})`,
      value: round(figures.p50StartMs),
      unit: "ms",
    },
    {
      group: "engine",
      name: `${peer} p99 start latency (${figures.samples} idle triggers; ${setup.idle})`,
      value: round(figures.p99StartMs),
      unit: "ms",
    },
  ];
}

/** Runs both peers one after the other (never concurrently: they would share the 2 cores). */
export async function benchPeers(options: {
  adminUrl: string;
  measure?: Partial<MeasureOptions>;
}): Promise<BenchResult[]> {
  const opts = { ...measureOptionsFromEnv(), ...options.measure };
  const dbos = await benchDbos(options.adminUrl, opts);
  const pgBoss = await benchPgBoss(options.adminUrl, opts);
  const dbosQueue = `queue poll ${DBOS_QUEUE_POLL_MS} ms`;
  return [
    ...toResults("dbos", { flood: dbosQueue, idle: dbosQueue }, dbos),
    {
      group: "engine",
      name: `dbos p50 start latency (${dbos.samples} idle triggers; no queue, in-process start)`,
      value: round(dbos.directP50StartMs),
      unit: "ms",
    },
    {
      group: "engine",
      name: `dbos p99 start latency (${dbos.samples} idle triggers; no queue, in-process start)`,
      value: round(dbos.directP99StartMs),
      unit: "ms",
    },
    ...toResults(
      "pg-boss",
      {
        flood: `poll ${PG_BOSS_POLL_SECONDS} s (its minimum), ${PG_BOSS_THROUGHPUT_WORKERS} workers x batch ${PG_BOSS_THROUGHPUT_BATCH}`,
        idle: `poll ${PG_BOSS_POLL_SECONDS} s (its minimum), 1 worker`,
      },
      pgBoss,
    ),
  ];
}

/** Stand-alone entry: its own embedded cluster so it never disturbs a running dev database. */
export async function run(): Promise<BenchResult[]> {
  const pg = await startEmbeddedPostgres({ dataDir: ".data/pg-bench-peers", port: 54370, throwaway: true });
  try {
    return await benchPeers({ adminUrl: pg.adminUrl });
  } finally {
    await pg.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await run();
  for (const r of results) console.log(`${r.group.padEnd(8)} ${r.name.padEnd(100)} ${r.value} ${r.unit}`);
  process.exit(0);
}
