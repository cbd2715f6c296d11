import type pg from "pg";
import { EngineHttpError } from "./core.js";
import { nameId } from "./ids.js";

// Named concurrency limits (SDK `concurrencyLimit()`, the task `concurrency` option, the trigger
// option `concurrency`, `concurrencyLimits.*`). A run holds up to three limits while it executes:
// its task's inline limit (named `task/<taskId>`, as Trigger.dev lists it) and up to two named
// limits (the task's, or the trigger's instead). Each limit caps every `concurrencyKey` pool of its
// holders (`perKey`; runs without a key share one pool) and/or all of them together (`total`).
// A waiting run holds nothing, as a waiting run holds no queue slot. The declared bounds come from
// the task files; overrides, per-key overrides and pauses are rows (every process sees them).

export interface LimitShape {
  perKey?: number;
  total?: number;
}

/** The SDK's rule for a limit's name (`validateConcurrencyLimitName`). */
const LIMIT_NAME = /^[a-zA-Z0-9_-]{1,122}$/;

/** The limits a run of this task holds, in `runs.limits`; null when none. */
export function runLimits(
  declared: ReadonlyMap<string, LimitShape>,
  task: { inlineLimit: string | undefined; limits: string[] },
  fromTrigger: string[] | undefined,
): string[] | null {
  if (fromTrigger) {
    if (fromTrigger.length > 2)
      throw new EngineHttpError(400, "concurrency accepts at most two named limits");
    for (const name of fromTrigger) {
      // A task's inline limit (`task/<id>`) is not a name a trigger may give.
      if (!LIMIT_NAME.test(name) || !declared.has(name))
        throw new EngineHttpError(400, `Concurrency limit "${name}" is not declared in this project`);
    }
  }
  const named = (fromTrigger ?? task.limits).filter((n) => declared.has(n));
  const all = task.inlineLimit ? [task.inlineLimit, ...named] : named;
  return all.length > 0 ? [...new Set(all)] : null;
}

/** A limit's id, stable across processes and restarts. */
export function limitId(name: string): string {
  return nameId("climit", name);
}

/** A limit's override and pause, as stored (no row: neither). */
export interface LimitState {
  per_key_override: number | null;
  total_override: number | null;
  overridden_at: Date | null;
  paused: boolean;
}

export const NO_STATE: LimitState = {
  per_key_override: null,
  total_override: null,
  overridden_at: null,
  paused: false,
};

/** What the claim needs of every limit: its bounds as enforced now, pause, live per-key caps. */
export interface LimitGate {
  paused: boolean;
  perKey: number | undefined;
  total: number | undefined;
  /** concurrencyKey ("" for none) -> that key's own cap (a live per-key override). */
  keys: Map<string, number>;
}

export async function readLimitGates(
  c: pg.PoolClient | pg.Pool,
  declared: ReadonlyMap<string, LimitShape>,
  now: Date,
): Promise<Map<string, LimitGate>> {
  const res = await c.query<{
    name: string;
    key: string | null;
    per_key: number | null;
    total: number | null;
    paused: boolean;
  }>(
    `SELECT name, NULL AS key, per_key_override AS per_key, total_override AS total, paused
       FROM trigger_engine.concurrency_limits
     UNION ALL
     SELECT name, concurrency_key, per_key, NULL, false FROM trigger_engine.concurrency_limit_keys WHERE expires_at > $1`,
    [now],
  );
  const gates = new Map<string, LimitGate>();
  for (const [name, shape] of declared)
    gates.set(name, { paused: false, perKey: shape.perKey, total: shape.total, keys: new Map() });
  for (const r of res.rows) {
    const gate = gates.get(r.name);
    if (!gate) continue;
    if (r.key !== null) gate.keys.set(r.key, r.per_key ?? 0);
    else {
      gate.paused = r.paused;
      if (r.per_key !== null) gate.perKey = r.per_key;
      if (r.total !== null) gate.total = r.total;
    }
  }
  return gates;
}

/** Separates a limit's name from a concurrencyKey in a pool's key (limit names never hold it). */
export const LIMIT_SEP = "\u001e";

/**
 * Admission of runs against their limits, counting what executes per limit and per (limit, key).
 * `full()` names what nothing more may enter now, for the claim's pick to skip (`full_limits`,
 * `full_limit_keys`); `admit()` takes the places of one run if all of its limits have room.
 */
export class LimitCounter {
  private readonly totals = new Map<string, number>();
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly gates: ReadonlyMap<string, LimitGate>,
    executing: { name: string; key: string | null; n: number }[],
  ) {
    for (const e of executing) {
      this.totals.set(e.name, (this.totals.get(e.name) ?? 0) + e.n);
      const k = `${e.name}${LIMIT_SEP}${e.key ?? ""}`;
      this.perKey.set(k, (this.perKey.get(k) ?? 0) + e.n);
    }
  }

  private keyCap(gate: LimitGate, key: string): number | undefined {
    return gate.keys.get(key) ?? gate.perKey;
  }

  /** Limits full for every key (paused, total reached, a per-key bound of 0) and full (limit, key) pools. */
  full(): { limits: string[]; keys: string[] } {
    const limits: string[] = [];
    const keys = new Set<string>();
    for (const [name, gate] of this.gates) {
      // A perKey of 0 closes every key but those a per-key override opens.
      const keysClosed = gate.perKey === 0 && ![...gate.keys.values()].some((cap) => cap > 0);
      if (
        gate.paused ||
        keysClosed ||
        (gate.total !== undefined && (this.totals.get(name) ?? 0) >= gate.total)
      )
        limits.push(name);
      for (const [key, cap] of gate.keys) {
        if ((this.perKey.get(`${name}${LIMIT_SEP}${key}`) ?? 0) >= cap) keys.add(`${name}${LIMIT_SEP}${key}`);
      }
    }
    for (const [k, n] of this.perKey) {
      const [name, key] = k.split(LIMIT_SEP) as [string, string];
      const gate = this.gates.get(name);
      const cap = gate && this.keyCap(gate, key);
      if (cap !== undefined && n >= cap) keys.add(k);
    }
    return { limits, keys: [...keys] };
  }

  admit(limits: string[] | null, concurrencyKey: string | null): boolean {
    if (!limits) return true;
    const key = concurrencyKey ?? "";
    for (const name of limits) {
      const gate = this.gates.get(name);
      if (!gate) continue;
      if (gate.paused) return false;
      if (gate.total !== undefined && (this.totals.get(name) ?? 0) >= gate.total) return false;
      const cap = this.keyCap(gate, key);
      if (cap !== undefined && (this.perKey.get(`${name}${LIMIT_SEP}${key}`) ?? 0) >= cap) return false;
    }
    for (const name of limits) {
      this.totals.set(name, (this.totals.get(name) ?? 0) + 1);
      const k = `${name}${LIMIT_SEP}${key}`;
      this.perKey.set(k, (this.perKey.get(k) ?? 0) + 1);
    }
    return true;
  }
}

/** What executes per (limit, concurrencyKey): the claim's count, under its lock. */
export const EXECUTING_PER_LIMIT = `SELECT l AS name, r.concurrency_key AS key, count(*)::int AS n
  FROM trigger_engine.runs r CROSS JOIN LATERAL unnest(r.limits) l
  WHERE r.status = 'EXECUTING' AND r.limits IS NOT NULL GROUP BY 1, 2`;

export async function readLimitState(c: pg.Pool | pg.PoolClient, name: string): Promise<LimitState> {
  const res = await c.query<LimitState>(
    "SELECT per_key_override, total_override, overridden_at, paused FROM trigger_engine.concurrency_limits WHERE name = $1",
    [name],
  );
  return res.rows[0] ?? NO_STATE;
}
