import type pg from "pg";
import { Gauge, Histogram } from "prom-client";
import { type Db, openPools } from "../db/client.js";
import type { EngineActivity, EngineState } from "../engine/index.js";
import { nowMs } from "../lib/clock.js";
import { registry } from "./metrics.js";

// Gauges read at scrape time from the engine's state API and the database pools. The sources are
// set once by the app (boot.ts); until then (or in connected mode, without the embedded engine)
// those series are simply absent.
interface Sources {
  db?: Db;
  engine?: Pick<EngineState, "activity">;
}
const sources: Sources = {};

export function setMetricsSources(next: Sources): void {
  Object.assign(sources, next);
  watchPools();
}

const HOUR_MS = 3_600_000;
let cached: { at: number; value: Promise<EngineActivity> } | null = null;

// One engine query per scrape, shared by the gauges below.
function activity(): Promise<EngineActivity> | null {
  const engine = sources.engine;
  if (!engine) return null;
  const now = nowMs();
  if (!cached || now - cached.at > 1_000) {
    cached = { at: now, value: engine.activity(new Date(now - HOUR_MS), new Date(now)) };
  }
  return cached.value;
}

function engineGauge(
  name: string,
  help: string,
  labelNames: readonly string[],
  fill: (g: Gauge, a: EngineActivity, now: number) => void,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      const pending = activity();
      if (!pending) return;
      this.reset();
      fill(this, await pending, nowMs());
    },
  });
}

engineGauge(
  "sequora_engine_queue_depth",
  "Runs ready to start but not started, by task.",
  ["task"],
  (g, a) => {
    for (const q of a.queued) g.set({ task: q.taskIdentifier }, q.count);
  },
);
engineGauge(
  "sequora_engine_oldest_queued_age_seconds",
  "Age of the oldest ready-but-unstarted run, by task.",
  ["task"],
  (g, a, now) => {
    for (const q of a.queued)
      g.set({ task: q.taskIdentifier }, Math.max(0, (now - q.oldestReadyAt.getTime()) / 1000));
  },
);
engineGauge("sequora_engine_runs_waiting", "Runs waiting (for a time, a token or a child run).", [], (g, a) =>
  g.set(a.waiting),
);
engineGauge("sequora_engine_runs_executing", "Runs executing now.", [], (g, a) => g.set(a.executing));
engineGauge(
  "sequora_engine_runs_started_last_hour",
  "Runs started in the last hour, by task.",
  ["task"],
  (g, a) => {
    for (const r of a.startedSince) g.set({ task: r.taskIdentifier }, r.count);
  },
);
engineGauge(
  "sequora_engine_runs_retried_last_hour",
  "Retry attempts started in the last hour, by task.",
  ["task"],
  (g, a) => {
    for (const r of a.retriedSince) g.set({ task: r.taskIdentifier }, r.count);
  },
);
engineGauge(
  "sequora_engine_runs_finished_last_hour",
  "Runs finished in the last hour, by task and final status (COMPLETED_WITH_ERRORS, CRASHED, ... are failures).",
  ["task", "status"],
  (g, a) => {
    for (const r of a.finishedSince) g.set({ task: r.taskIdentifier, status: r.status }, r.count);
  },
);

new Gauge({
  name: "sequora_db_pool_connections",
  help: "Database pool connections in this process, by state (total, idle, waiting: callers queued for one).",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    watchPools();
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const pool of openPools) {
      if (pool.ended) {
        openPools.delete(pool);
        continue;
      }
      total += pool.totalCount;
      idle += pool.idleCount;
      waiting += pool.waitingCount;
    }
    this.set({ state: "total" }, total);
    this.set({ state: "idle" }, idle);
    this.set({ state: "waiting" }, waiting);
  },
});

new Gauge({
  name: "sequora_db_up",
  help: "1 when the app's database answered SELECT 1 at scrape time, else 0.",
  registers: [registry],
  async collect() {
    if (!sources.db) return;
    const started = performance.now();
    try {
      await sources.db.$queryRaw`SELECT 1`;
      this.set(1);
      dbPing.set((performance.now() - started) / 1000);
    } catch {
      this.set(0);
    }
  },
});
const dbPing = new Gauge({
  name: "sequora_db_ping_seconds",
  help: "How long the database took to answer SELECT 1 at scrape time.",
  registers: [registry],
});

// Query latency as the time a pooled connection is held: one query, or one whole transaction.
const dbHold = new Histogram({
  name: "sequora_db_connection_hold_seconds",
  help: "Time a pooled database connection was held per checkout (a query, or a transaction).",
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
const watched = new WeakSet<pg.Pool>();
const checkedOut = new WeakMap<pg.PoolClient, number>();

function watchPools(): void {
  for (const pool of openPools) {
    if (watched.has(pool)) continue;
    watched.add(pool);
    pool.on("acquire", (client) => checkedOut.set(client, performance.now()));
    pool.on("release", (_err, client) => {
      const started = checkedOut.get(client);
      if (started !== undefined) dbHold.observe((performance.now() - started) / 1000);
      checkedOut.delete(client);
    });
  }
}
