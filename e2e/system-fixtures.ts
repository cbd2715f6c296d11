import { readFileSync } from "node:fs";
import pg from "pg";
import { loadMonitoringConfig } from "../server/config/index.js";
import { createDb, type Db } from "../server/db/client.js";
import { type EngineState, engineState } from "../server/engine/index.js";
import { openTasksWithoutMonitor, runSystemChecks } from "../server/services/alerts/index.js";

// The e2e server's database (as in fixtures.ts): the checks run here through the same service the
// server's five-minute task calls, on a real condition, so the alert does not wait for the cron.
const dbUrl = () =>
  `postgresql://postgres:${readFileSync(".data/e2e/postgres-password", "utf8").trim()}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`;

async function withChecksDeps<T>(fn: (db: Db, engine: EngineState) => Promise<T>): Promise<T> {
  const db = createDb(dbUrl(), { max: 2 });
  const pool = new pg.Pool({ connectionString: dbUrl(), max: 2 });
  try {
    return await fn(db, engineState(pool));
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

export function checkRound(at: Date) {
  return withChecksDeps((db, engine) =>
    runSystemChecks({ db, engine, settings: loadMonitoringConfig({}) }, at),
  );
}

export async function loseMonitor(taskId: string) {
  const client = new pg.Client({ connectionString: dbUrl() });
  await client.connect();
  try {
    // As after a crash that lost the task's SLA monitor run: the task points at a run that is gone.
    await client.query(`UPDATE "EscalationTask" SET "monitorRunId" = 'run_lost_in_e2e' WHERE id = $1`, [
      taskId,
    ]);
  } finally {
    await client.end();
  }
}

/**
 * Other specs leave open tasks behind, some backdated by weeks (their SLA monitor already ran its
 * course): the check counts them too, so the alert would stay open after this spec's own task
 * closes. Returns their ids so the spec can close them first and watch its own task's alert only.
 */
export function tasksWithoutMonitorNow(at: Date): Promise<string[]> {
  return withChecksDeps((db, engine) => openTasksWithoutMonitor(db, engine, at));
}
