// Public surface of the embedded run engine: code outside `server/engine/` imports this file only
// (`public-api.test.ts` checks it). Everything else in this folder is internal and may change.
import type { Engine, EngineOptions } from "./engine.js";

/** Test and tool processes that place records in virtual time shift their own Date with these. */
export { realNow, shiftProcessClock } from "./clock.js";
export type { Engine, EngineOptions } from "./engine.js";
export type { LogLevel, RunLogLine } from "./run-log-read.js";
export type {
  EngineRunDetail,
  EngineRunStatus,
  EngineRunSummary,
  EngineState,
  EngineWaitpoint,
  RunFilter,
} from "./state.js";
export { connectEngineState, engineState, RUN_STATUSES } from "./state.js";

/**
 * Starts an engine on `databaseUrl` serving the Trigger.dev project in `projectDir`. Loaded on
 * demand, so a tool that only reads engine state (e2e fixtures, scripts) does not load the SDK.
 */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { createEngine: create } = await import("./engine.js");
  return create(opts);
}
