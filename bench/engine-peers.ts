// The PEER side of the engine benchmark: the same trivial work (a function returning its input)
// on DBOS, pg-boss and graphile-worker, each in its own fresh database on the same Postgres cluster
// the engine bench uses. Figures: throughput of N runs trigger-to-completed (completion read from
// each peer's own tables), a drain of runs queued before any consumer started, and
// trigger-to-handler-start latency on an idle system.
//
//   npx tsx bench/engine-peers.ts          (stand-alone: starts its own embedded Postgres)
//   npx tsx bench/engine-peers.ts --runs=500 --drain=2000 --samples=50
import { pathToFileURL } from "node:url";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { benchDbos, DBOS_QUEUE_POLL_MS, type DbosFigures } from "./engine-peers/dbos.js";
import {
  benchGraphile,
  GRAPHILE_COMPLETE_BATCH_MS,
  GRAPHILE_CONCURRENCY,
  GRAPHILE_LOCAL_QUEUE,
} from "./engine-peers/graphile.js";
import { type MeasureOptions, measureOptionsFromEnv, type PeerFigures } from "./engine-peers/measure.js";
import {
  benchPgBoss,
  PG_BOSS_POLL_SECONDS,
  PG_BOSS_THROUGHPUT_BATCH,
  PG_BOSS_THROUGHPUT_WORKERS,
} from "./engine-peers/pg-boss.js";
import type { BenchResult } from "./types.js";

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** How each peer is configured for throughput (as its docs recommend) and for idle latency. */
export const PEER_SETUP: Record<string, { flood: string; idle: string }> = {
  dbos: {
    flood: `DBOS 5 queue, minPollingIntervalMs ${DBOS_QUEUE_POLL_MS} (default 1000), no concurrency cap`,
    idle: `same queue, poll ${DBOS_QUEUE_POLL_MS} ms`,
  },
  "pg-boss": {
    flood: `pg-boss 10, ${PG_BOSS_THROUGHPUT_WORKERS} workers x batchSize ${PG_BOSS_THROUGHPUT_BATCH}, poll ${PG_BOSS_POLL_SECONDS} s (its minimum)`,
    idle: `1 worker, poll ${PG_BOSS_POLL_SECONDS} s`,
  },
  "graphile-worker": {
    flood: `graphile-worker 0.18, concurrency ${GRAPHILE_CONCURRENCY}, localQueue.size ${GRAPHILE_LOCAL_QUEUE}, completeJobBatchDelay ${GRAPHILE_COMPLETE_BATCH_MS} ms (docs: performance/batching), LISTEN/NOTIFY`,
    idle: `concurrency ${GRAPHILE_CONCURRENCY}, no local queue, LISTEN/NOTIFY`,
  },
};

export function toResults(peer: string, figures: PeerFigures, drainRuns: number): BenchResult[] {
  return [
    {
      group: "engine",
      name: `${peer} throughput (${figures.runs} trivial runs one by one)`,
      value: round(figures.throughputPerSec),
      unit: "runs/s",
    },
    {
      group: "engine",
      name: `${peer} drain (${drainRuns} runs queued first)`,
      value: round(figures.drainPerSec),
      unit: "runs/s",
    },
    {
      group: "engine",
      name: `${peer} p50 start latency (${figures.samples} idle triggers)`,
      value: round(figures.p50StartMs),
      unit: "ms",
    },
    {
      group: "engine",
      name: `${peer} p99 start latency (${figures.samples} idle triggers)`,
      value: round(figures.p99StartMs),
      unit: "ms",
    },
  ];
}

export interface PeersOutcome {
  figures: Record<string, PeerFigures>;
  /** DBOS's figures with its start latency without a queue. */
  dbos: DbosFigures;
  results: BenchResult[];
}

/** Runs the peers one after the other (never concurrently: they would share the 2 cores). */
export async function benchPeers(options: {
  adminUrl: string;
  measure?: Partial<MeasureOptions>;
}): Promise<PeersOutcome> {
  const opts = { ...measureOptionsFromEnv(), ...options.measure };
  const dbos = await benchDbos(options.adminUrl, opts);
  const figures: Record<string, PeerFigures> = {
    dbos,
    "pg-boss": await benchPgBoss(options.adminUrl, opts),
    "graphile-worker": await benchGraphile(options.adminUrl, opts),
  };
  return { figures, dbos, results: peerResults(figures, dbos, opts.drainRuns) };
}

/** The peers' result rows: each peer's figures, and DBOS's start latency without a queue. */
export function peerResults(
  figures: Record<string, PeerFigures>,
  dbos: Pick<DbosFigures, "samples" | "directP50StartMs" | "directP99StartMs">,
  drainRuns: number,
): BenchResult[] {
  return [
    ...Object.entries(figures).flatMap(([peer, f]) => toResults(peer, f, drainRuns)),
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
  ];
}

/** Stand-alone entry: its own embedded cluster so it never disturbs a running dev database. */
export async function run(): Promise<BenchResult[]> {
  const port = Number(process.env.BENCH_PG_PORT ?? 54370);
  const pg = await startEmbeddedPostgres({ dataDir: ".data/pg-bench-peers", port, throwaway: true });
  try {
    return (await benchPeers({ adminUrl: pg.adminUrl })).results;
  } finally {
    await pg.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await run();
  for (const r of results) console.log(`${r.group.padEnd(8)} ${r.name.padEnd(100)} ${r.value} ${r.unit}`);
  process.exit(0);
}
