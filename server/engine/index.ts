// Public surface of the embedded run engine: code outside `server/engine/` imports this file only
// (`public-api.test.ts` checks it). Everything else in this folder is internal and may change.
import type { Engine, EngineOptions } from "./engine.js";

/** Test and tool processes that place records in virtual time shift their own Date with these. */
export { realNow, shiftProcessClock } from "./core/clock.js";
/** `ENGINE_EXECUTORS`, checked (a tool that mirrors the engine's default, e.g. the bench). */
export { executorThreadsFromEnv } from "./core/env.js";
export type { LogLevel, RunLogLine } from "./core/run-log-read.js";
export type {
  EngineActivity,
  EngineRunDetail,
  EngineRunStatus,
  EngineRunSummary,
  EngineState,
  EngineWaitpoint,
  RunFilter,
} from "./core/state.js";
export { connectEngineState, engineState, RUN_STATUSES } from "./core/state.js";
export type { Engine, EngineOptions } from "./engine.js";

/**
 * Starts an engine on `databaseUrl` serving the Trigger.dev project in `projectDir`. Loaded on
 * demand, so a tool that only reads engine state (e2e fixtures, scripts) does not load the SDK.
 */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { createEngine: create } = await import("./engine.js");
  return create(opts);
}
