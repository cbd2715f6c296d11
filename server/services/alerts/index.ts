import pg from "pg";
import type { MonitoringEnv } from "../../config/index.js";
import { type EngineState, engineState } from "../../engine/index.js";
import { logger } from "../../lib/logger.js";
import { type CheckDeps, runChecks } from "./checks.js";
import { type AlertChanges, applyFindings } from "./lifecycle.js";
import type { AlertChannels } from "./notify.js";
import { recordSamples } from "./samples.js";

export type { AlertKey, Finding } from "./checks.js";
export { openTasksWithoutMonitor } from "./probes.js";
export { listAlerts, listSamples } from "./queries.js";
export { BUCKET_MS, SERIES, type Series } from "./samples.js";

export const channelsFrom = (s: MonitoringEnv): AlertChannels => ({
  ...(s.ALERT_WEBHOOK_URL ? { webhookUrl: s.ALERT_WEBHOOK_URL } : {}),
  webhookTimeoutMs: s.ALERT_WEBHOOK_TIMEOUT_MS,
});

/**
 * One round of the five-minute system checks: evaluate every condition, raise / refresh / resolve
 * alerts (admins told once per alert), and write the bucket of the rolled-up history.
 */
export async function runSystemChecks(
  deps: CheckDeps,
  at: Date,
): Promise<AlertChanges & { findings: string[]; samplesPruned: number }> {
  const { findings, checked, measured } = await runChecks(deps, at);
  const changes = await applyFindings(deps.db, channelsFrom(deps.settings), findings, checked, at);
  const samplesPruned = await recordSamples(deps.db, measured, at);
  return { ...changes, findings: findings.map((f) => f.key), samplesPruned };
}

let engineSource: Promise<Pick<EngineState, "activity" | "listRuns"> | undefined> | undefined;
let enginePool: pg.Pool | undefined;

/**
 * The engine's state on the app's database, for task code. With Trigger.dev (connected mode) the
 * runs live there, not in this database: the run checks are then skipped (use Trigger.dev's own
 * alerting for runs).
 */
export function engineStateOn(
  databaseUrl: string,
): Promise<Pick<EngineState, "activity" | "listRuns"> | undefined> {
  engineSource ??= (async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    enginePool = pool;
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on("error", (err) =>
      logger.warn("system checks: engine state connection lost", { error: err.name }),
    );
    const state = engineState(pool);
    try {
      await state.activity(new Date(), new Date());
      return state;
    } catch {
      logger.info("system checks: no embedded engine schema; run checks skipped");
      enginePool = undefined;
      await pool.end();
      return undefined;
    }
  })();
  return engineSource;
}

/**
 * Closes the connections `engineStateOn` opened, if any: on shutdown, before the database stops,
 * so a clean stop does not log them as lost. A later round of checks opens them again.
 */
export async function closeEngineStateSource(): Promise<void> {
  const pool = enginePool;
  enginePool = undefined;
  engineSource = undefined;
  await pool?.end();
}
