import { logger } from "../../lib/logger.js";
import type { EngineCore } from "./core.js";
import type { RunRow } from "./db.js";
import { wholeNumberFromEnv } from "./env.js";

/**
 * Attempts parked in memory while their run waits. The run itself is an ordinary waiting row (no
 * lease, no slot); when this process leases it again after its waitpoints complete, the parked
 * attempt continues where it stopped instead of re-executing from the top. Anything not parked
 * (bound reached, another process leased it, engine restarted) falls back to replay.
 */
export interface ParkedAttempt {
  readonly attempt: number;
  /** `runs.execution_count` of the lease under which the attempt parked. */
  readonly executionCount: number;
  resume(run: RunRow): { cancel(): void; done: Promise<void> };
  /** The run moved on without us (canceled, leased elsewhere): release what the attempt holds. */
  drop(): void;
}

/** Suspended attempts one engine process keeps in memory unless `ENGINE_MAX_SUSPENDED` says otherwise. */
export const DEFAULT_MAX_SUSPENDED = 2_000;

/**
 * The bound for the whole engine process: `ENGINE_MAX_SUSPENDED` (a whole number, 0 = every resume
 * replays) or the default. Throws on anything else, so a typo does not silently turn parking off.
 */
export function maxSuspendedFromEnv(env: NodeJS.ProcessEnv): number {
  return wholeNumberFromEnv(env, "ENGINE_MAX_SUSPENDED", {
    fallback: DEFAULT_MAX_SUSPENDED,
    meaning: "0: every resume replays",
  });
}

/**
 * Each executor thread's part of the process's bound (rounded down, so the threads together never
 * exceed it); with no threads the engine's own thread keeps all of it. Per thread, each thread kept
 * the whole bound: twice the parked attempts with 2 threads, for the same memory goal.
 */
export function suspendedShare(total: number, threads: number): number {
  return threads > 0 ? Math.floor(total / threads) : total;
}
const SWEEP_MS = 5_000;

class Registry {
  readonly parked = new Map<string, ParkedAttempt>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly core: EngineCore) {}

  add(runId: string, p: ParkedAttempt): void {
    this.parked.set(runId, p);
    if (!this.timer) {
      this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  remove(runId: string): ParkedAttempt | undefined {
    const p = this.parked.get(runId);
    this.parked.delete(runId);
    if (this.parked.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return p;
  }

  // A run canceled, or leased and replayed by another process, never comes back here: drop it.
  private async sweep(): Promise<void> {
    const ids = [...this.parked.keys()];
    if (ids.length === 0) return;
    try {
      const res = await this.core.pool.query<{ id: string; status: string; execution_count: number }>(
        "SELECT id, status, execution_count FROM trigger_engine.runs WHERE id = ANY($1)",
        [ids],
      );
      const live = new Map(res.rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const p = this.parked.get(id);
        const row = live.get(id);
        if (!p) continue;
        // Leased by us since the query? Then it is no longer in the map (takeParked removed it).
        // EXECUTING under the same count: the parking transaction has not committed yet.
        const current =
          (row?.status === "WAITING_TO_RESUME" || row?.status === "EXECUTING") &&
          row.execution_count === p.executionCount;
        if (!current) this.remove(id)?.drop();
      }
    } catch (err) {
      // The engine stopped (pool closed): nothing parked here can resume any more.
      logger.warn("engine: suspended-run sweep failed", { err: String(err).slice(0, 200) });
      for (const id of ids) this.remove(id)?.drop();
    }
  }
}

const registries = new WeakMap<EngineCore, Registry>();

function registry(core: EngineCore): Registry {
  let r = registries.get(core);
  if (!r) {
    r = new Registry(core);
    registries.set(core, r);
  }
  return r;
}

export function canPark(core: EngineCore): boolean {
  return registry(core).parked.size < core.maxSuspended;
}

export function parkAttempt(core: EngineCore, runId: string, p: ParkedAttempt): void {
  registry(core).add(runId, p);
}

export function suspendedCount(core: EngineCore): number {
  return registries.get(core)?.parked.size ?? 0;
}

/**
 * The parked attempt to continue for a run this process just leased, if it is the same attempt and
 * nobody else executed the run since it parked (exactly one lease in between: ours).
 */
export function takeParked(core: EngineCore, run: RunRow): ParkedAttempt | undefined {
  const p = registries.get(core)?.remove(run.id);
  if (!p) return undefined;
  if (p.attempt === run.attempt_number && p.executionCount + 1 === run.execution_count) return p;
  p.drop();
  return undefined;
}

export function hasParked(core: EngineCore, runId: string): boolean {
  return registries.get(core)?.parked.has(runId) ?? false;
}

/** Cancel of a waiting run: its parked attempt will never resume. */
export function dropParked(core: EngineCore, runId: string): void {
  registries.get(core)?.remove(runId)?.drop();
}

/** Engine stop: nothing parked here can resume any more (replay takes over after a restart). */
export function dropAllParked(core: EngineCore): void {
  const r = registries.get(core);
  if (!r) return;
  for (const id of [...r.parked.keys()]) r.remove(id)?.drop();
}
