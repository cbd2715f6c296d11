import type pg from "pg";

// The wall clock as it was before any patching; leases and timers use real time.
const RealDate = Date;
export const realNow = (): number => RealDate.now();

// The real time the shifted Date is built on: the product's wall clock when createEngine is given
// one (`wallClock`), else this module's own copy of the unpatched Date.
let baseNow: () => number = realNow;
// The offset lives in shared memory: executor threads (executors.ts) adopt the engine thread's
// buffer, so a clock jump is seen by task code in every thread at the same instant.
let offsetCell = new Float64Array(new SharedArrayBuffer(8));
let patched = false;

/** The buffer holding this thread's clock offset (handed to executor threads). */
export function clockBuffer(): SharedArrayBuffer {
  return offsetCell.buffer as SharedArrayBuffer;
}

/** An executor thread follows the engine thread's offset (before its clock is created). */
export function adoptClockBuffer(buffer: SharedArrayBuffer): void {
  offsetCell = new Float64Array(buffer);
}

/**
 * The SDK computes wait.for deadlines with Date.now() inside the task, and Sequora's clock reads
 * `new Date()`; so a virtual-time jump has to move the process clock itself, not only the engine's.
 * A Proxy keeps `Date.prototype`, `instanceof Date` and every static method of the real Date.
 */
function patchDate(): void {
  if (patched) return;
  patched = true;
  const now = () => baseNow() + offsetCell[0]!;
  const shifted: DateConstructor = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      // A plain `new Date(...)` (most of them: pg's row parser, the SDK's spans) is built directly:
      // `Reflect.construct` with the proxy as `newTarget` reads `prototype` through `get` below,
      // 0.9 us a Date against 0.1. A subclass of Date keeps its own `newTarget`.
      if (newTarget === shifted)
        return args.length === 0 ? new RealDate(now()) : new RealDate(...(args as [number]));
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, prop, receiver) {
      if (prop === "now") return now;
      return Reflect.get(target, prop, receiver);
    },
  });
  globalThis.Date = shifted;
}

/**
 * Shifts this process's Date by `offsetMs` from the real clock (installs the shift once).
 * `wallClock` must read real time without going through the global Date (it would recurse).
 */
export function shiftProcessClock(offsetMs: number, wallClock?: () => number): void {
  if (wallClock) baseNow = wallClock;
  patchDate();
  offsetCell[0] = offsetMs;
}

export interface EngineClock {
  now(): Date;
  nowMs(): number;
  offsetMs(): number;
  /** Moves virtual time forward (embedded mode only) and persists the offset. */
  advance(ms: number): Promise<number>;
  /** Re-reads the persisted offset (another process may have moved it). */
  reload(): Promise<void>;
  /**
   * Puts virtual time `ms` behind the wall clock (embedded mode only). Only for a fresh story such
   * as the living demo's first start: once runs have waited on this clock, it only moves forward.
   */
  startBehind(ms: number): Promise<void>;
}

export async function createClock(
  pool: pg.Pool,
  allowControl: boolean,
  wallClock: () => number = realNow,
  follower = false,
): Promise<EngineClock> {
  if (follower) return followerClock(allowControl);
  let offset = 0;
  const read = async () => {
    const res = await pool.query<{ offset_ms: string }>(
      "SELECT offset_ms FROM trigger_engine.clock WHERE id = 1",
    );
    // Connected mode must never run on shifted time, whatever a previous embedded session stored.
    offset = allowControl ? Number(res.rows[0]?.offset_ms ?? 0) : 0;
    if (allowControl) shiftProcessClock(offset, wallClock);
  };
  await read();
  return {
    now: () => new RealDate(wallClock() + offset),
    nowMs: () => wallClock() + offset,
    offsetMs: () => offset,
    async advance(ms: number) {
      if (!allowControl) throw new Error("clock control is disabled (connected mode)");
      if (!Number.isFinite(ms) || ms < 0) throw new Error("the clock only moves forward");
      const res = await pool.query<{ offset_ms: string }>(
        "UPDATE trigger_engine.clock SET offset_ms = offset_ms + $1 WHERE id = 1 RETURNING offset_ms",
        [Math.round(ms)],
      );
      await pool.query("SELECT pg_notify('trigger_engine_clock', $1)", [res.rows[0]?.offset_ms ?? "0"]);
      offset = Number(res.rows[0]?.offset_ms ?? 0);
      shiftProcessClock(offset, wallClock);
      return offset;
    },
    reload: read,
    async startBehind(ms: number) {
      if (!allowControl) throw new Error("clock control is disabled (connected mode)");
      if (!Number.isFinite(ms) || ms < 0) throw new Error("startBehind takes a positive duration");
      await pool.query("UPDATE trigger_engine.clock SET offset_ms = $1 WHERE id = 1", [-Math.round(ms)]);
      await pool.query("SELECT pg_notify('trigger_engine_clock', $1)", [String(-Math.round(ms))]);
      await read();
    },
  };
}

/** An executor thread's clock: reads the offset the engine thread keeps; never moves it. */
function followerClock(allowControl: boolean): EngineClock {
  if (allowControl) shiftProcessClock(offsetCell[0]!);
  const offset = () => (allowControl ? offsetCell[0]! : 0);
  const refuse = async (): Promise<never> => {
    throw new Error("an executor thread does not move the clock");
  };
  return {
    now: () => new RealDate(realNow() + offset()),
    nowMs: () => realNow() + offset(),
    offsetMs: offset,
    advance: refuse,
    reload: async () => {},
    startBehind: refuse,
  };
}
