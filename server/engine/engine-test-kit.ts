import path from "node:path";
import { configure, runs } from "@trigger.dev/sdk";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { PreparingClient } from "./core/db.js";
import { migrateEngine } from "./core/migrations.js";
import { createEngine, type Engine } from "./engine.js";

export const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../test/fixtures/trigger-project");
export const SECRET = "tr_dev_test";

export interface EngineHarness {
  engine: Engine;
  url: string;
  db: TestDatabase;
  pool: pg.Pool;
  effects(prefix: string): Promise<Array<{ key: string; n: number }>>;
  close(): Promise<void>;
}

/**
 * A fresh database, an in-process engine (the fixture project unless `projectDir` names another
 * folder with a trigger.config.ts, e.g. the repo root), and the real SDK pointed at it.
 */
export async function startHarness(
  opts: {
    allowClockControl?: boolean;
    concurrency?: number;
    projectDir?: string;
    executors?: number;
    maxSuspended?: number;
  } = {},
): Promise<EngineHarness> {
  const db = await createTestDatabase();
  process.env.FIXTURE_DATABASE_URL = db.url;
  const engine = await createEngine({
    databaseUrl: db.url,
    projectDir: opts.projectDir ?? FIXTURE_DIR,
    allowClockControl: opts.allowClockControl ?? false,
    concurrency: opts.concurrency ?? 25,
    secretKey: SECRET,
    ...(opts.executors !== undefined ? { executors: opts.executors } : {}),
    ...(opts.maxSuspended !== undefined ? { maxSuspended: opts.maxSuspended } : {}),
  });
  const url = await engine.listen(0);
  await engine.start();
  configure({ baseURL: url, accessToken: SECRET });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(
    "CREATE TABLE IF NOT EXISTS fixture_effects (key text PRIMARY KEY, run_id text NOT NULL, n integer NOT NULL DEFAULT 1)",
  );
  return {
    engine,
    url,
    db,
    pool,
    async effects(prefix) {
      const res = await pool.query<{ key: string; n: number }>(
        "SELECT key, n FROM fixture_effects WHERE key LIKE $1 ORDER BY key",
        [`${prefix}%`],
      );
      return res.rows;
    },
    async close() {
      await engine.stop();
      await pool.end();
      await db.drop();
    },
  };
}

/** A fresh database with the engine's tables and a pool on it, for tests of the SQL without an engine. */
export async function engineTables(
  config: Omit<pg.PoolConfig, "connectionString"> = {},
): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, Client: PreparingClient, ...config });
  await migrateEngine(pool);
  return {
    pool,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}

const FINAL = ["COMPLETED", "FAILED", "CANCELED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"];

/** Polls runs.retrieve until the run is finished (or `status` is reached). */
export async function waitForRun(id: string, opts: { status?: string; timeoutMs?: number } = {}) {
  const deadline = performance.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    const run = await runs.retrieve(id);
    if (opts.status ? run.status === opts.status : FINAL.includes(run.status)) return run;
    if (performance.now() > deadline) throw new Error(`run ${id} stuck in ${run.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Waits of 60 virtual seconds: far above the SDK's 5 s in-process threshold, so every wait goes
// through the engine; the test moves the engine's clock instead of sleeping.
export const WAIT_S = 60;

/** Moves the engine's clock past each wait until the run finishes. */
export async function advanceUntilDone(
  engine: Pick<Engine, "clock">,
  id: string,
): Promise<Awaited<ReturnType<typeof runs.retrieve>>> {
  for (let i = 0; i < 100; i++) {
    const run = await runs.retrieve(id);
    if (run.isCompleted) return run;
    if (run.status === "WAITING") await engine.clock.advance((WAIT_S + 1) * 1000);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not finish`);
}
