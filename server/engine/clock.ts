import type pg from "pg";

// The wall clock as it was before any patching; leases and timers use real time.
const RealDate = Date;
export const realNow = (): number => RealDate.now();

let processOffsetMs = 0;
let patched = false;

/**
 * The SDK computes wait.for deadlines with Date.now() inside the task, and Sequora's clock reads
 * `new Date()`; so a virtual-time jump has to move the process clock itself, not only the engine's.
 * A Proxy keeps `Date.prototype`, `instanceof Date` and every static method of the real Date.
 */
function patchDate(): void {
  if (patched) return;
  patched = true;
  // Lets code that must follow the wall clock (session expiry) read it after Date is shifted.
  (globalThis as Record<symbol, unknown>)[Symbol.for("sequora.wallClockNow")] = realNow;
  const shifted = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (args.length === 0) return Reflect.construct(target, [RealDate.now() + processOffsetMs], newTarget);
      return Reflect.construct(target, args, newTarget);
    },
    apply() {
      return new RealDate(RealDate.now() + processOffsetMs).toString();
    },
    get(target, prop, receiver) {
      if (prop === "now") return () => RealDate.now() + processOffsetMs;
      return Reflect.get(target, prop, receiver);
    },
  });
  globalThis.Date = shifted;
}

/** Shifts this process's Date by `offsetMs` from the real clock (installs the shift once). */
export function shiftProcessClock(offsetMs: number): void {
  patchDate();
  processOffsetMs = offsetMs;
}

export interface EngineClock {
  now(): Date;
  nowMs(): number;
  offsetMs(): number;
  /** Moves virtual time forward (embedded mode only) and persists the offset. */
  advance(ms: number): Promise<number>;
  /** Re-reads the persisted offset (another process may have moved it). */
  reload(): Promise<void>;
}

export async function createClock(pool: pg.Pool, allowControl: boolean): Promise<EngineClock> {
  let offset = 0;
  const read = async () => {
    const res = await pool.query<{ offset_ms: string }>(
      "SELECT offset_ms FROM trigger_engine.clock WHERE id = 1",
    );
    // Connected mode must never run on shifted time, whatever a previous embedded session stored.
    offset = allowControl ? Number(res.rows[0]?.offset_ms ?? 0) : 0;
    if (allowControl) shiftProcessClock(offset);
  };
  await read();
  return {
    now: () => new RealDate(RealDate.now() + offset),
    nowMs: () => RealDate.now() + offset,
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
      shiftProcessClock(offset);
      return offset;
    },
    reload: read,
  };
}
