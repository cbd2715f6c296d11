import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEAP_GROWING_PERCENT,
  FOLLOW_UP_BYTES,
  GROWTH_BYTES,
  heapGrowingPercent,
  QUIET_MS,
  shouldFollowUp,
  shouldReclaim,
} from "./heap-reclaim.js";

const MB = 1024 * 1024;

/** Runs an ES module in a fresh node (with tsx) and parses the JSON of its last output line. */
function runModule(script: string, env: Record<string, string> = {}): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

describe("when an executor thread runs a full GC", () => {
  const base = { liveAfterGcBytes: 40 * MB, committedAfterGcBytes: 80 * MB };
  it.each([
    { quietMs: QUIET_MS, usedBytes: 40 * MB + GROWTH_BYTES + 1, committedBytes: 80 * MB, gc: true },
    // V8 collected on its own: little is used, but the pages it grew to stay committed.
    { quietMs: QUIET_MS, usedBytes: 60 * MB, committedBytes: 80 * MB + GROWTH_BYTES + 1, gc: true },
    // A burst is still arriving: never stop its runs.
    { quietMs: QUIET_MS - 1, usedBytes: 500 * MB, committedBytes: 600 * MB, gc: false },
    // Quiet, but nothing grew much since the last one (parked attempts that stay live included).
    { quietMs: 60_000, usedBytes: 40 * MB + GROWTH_BYTES, committedBytes: 80 * MB + GROWTH_BYTES, gc: false },
    { quietMs: 60_000, usedBytes: 50 * MB, committedBytes: 100 * MB, gc: false },
  ])("quiet $quietMs ms, used $usedBytes, committed $committedBytes: $gc", ({ gc, ...s }) => {
    expect(shouldReclaim({ ...base, ...s })).toBe(gc);
  });

  it.each([
    { quietMs: QUIET_MS, followUpsLeft: 1, freed: FOLLOW_UP_BYTES, gc: true },
    // The last one gave little back: the heap is as small as it gets.
    { quietMs: QUIET_MS, followUpsLeft: 3, freed: FOLLOW_UP_BYTES - 1, gc: false },
    { quietMs: QUIET_MS, followUpsLeft: 0, freed: 100 * MB, gc: false },
    // Runs came back meanwhile.
    { quietMs: QUIET_MS - 1, followUpsLeft: 3, freed: 100 * MB, gc: false },
  ])("follow-up: quiet $quietMs ms, $followUpsLeft left, last freed $freed: $gc", ({ gc, freed, ...s }) => {
    expect(
      shouldFollowUp({
        ...s,
        committedBeforeLastGcBytes: 300 * MB,
        committedAfterLastGcBytes: 300 * MB - freed,
      }),
    ).toBe(gc);
  });

  it("gets V8's full GC without --expose-gc, and it frees what is garbage", () => {
    const script = `
      import v8 from "node:v8";
      import { fullGc } from "./server/engine/core/heap-reclaim.ts";
      const before = typeof globalThis.gc;
      const gc = fullGc();
      let junk = Array.from({ length: 200_000 }, (_, i) => ({ i, s: "x".repeat(100) + i }));
      const used = v8.getHeapStatistics().used_heap_size;
      junk = null;
      gc();
      const after = v8.getHeapStatistics().used_heap_size;
      console.log(JSON.stringify({ before, type: typeof gc, freedMb: Math.round((used - after) / 1048576) }));
    `;
    const r = runModule(script);
    expect(r.before).toBe("undefined");
    expect(r.type).toBe("function");
    expect(r.freedMb).toBeGreaterThan(20);
  });
});

describe("how far the heap may grow between full GCs", () => {
  it.each([
    { env: {}, argv: [], percent: DEFAULT_HEAP_GROWING_PERCENT },
    { env: { ENGINE_HEAP_GROWING_PERCENT: "" }, argv: [], percent: DEFAULT_HEAP_GROWING_PERCENT },
    { env: { ENGINE_HEAP_GROWING_PERCENT: "25" }, argv: [], percent: 25 },
    { env: { ENGINE_HEAP_GROWING_PERCENT: " 100 " }, argv: [], percent: 100 },
    // 0: V8's own heuristics.
    { env: { ENGINE_HEAP_GROWING_PERCENT: "0" }, argv: [], percent: undefined },
    // The host started node with its own setting: the engine leaves it alone.
    { env: {}, argv: ["--heap-growing-percent=80"], percent: undefined },
    { env: { ENGINE_HEAP_GROWING_PERCENT: "25" }, argv: ["--heap_growing_percent=80"], percent: undefined },
  ])("env $env, node flags $argv: $percent", ({ env, argv, percent }) => {
    expect(heapGrowingPercent(env, argv)).toBe(percent);
  });

  it.each(["-5", "1.5", "lots", "1001"])(
    "refuses ENGINE_HEAP_GROWING_PERCENT=%s with a clear error",
    (raw) => {
      expect(() => heapGrowingPercent({ ENGINE_HEAP_GROWING_PERCENT: raw }, [])).toThrow(
        /ENGINE_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000/,
      );
    },
  );

  it("takes effect after start-up: objects that outlive a few scavenges leave less garbage in the heap", () => {
    // Like runs in flight: each batch of objects lives through several scavenges, then dies.
    const script = `
      import v8 from "node:v8";
      import { limitHeapGrowth } from "./server/engine/core/heap-reclaim.ts";
      const applied = limitHeapGrowth() ?? null;
      const window = new Array(64).fill(null);
      let peak = 0;
      for (let i = 0; i < 3000; i++) {
        window[i % window.length] = Array.from({ length: 2000 }, (_, j) => ({ i, j, s: "v" + j }));
        if (i % 16 === 0) peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
      }
      console.log(JSON.stringify({ applied, peakMb: peak / 1048576 }));
    `;
    const peakWith = (percent: string) =>
      runModule(script, { ENGINE_HEAP_GROWING_PERCENT: percent }) as {
        applied: number | null;
        peakMb: number;
      };
    const limited = peakWith("50");
    const v8Default = peakWith("0");
    expect(limited.applied).toBe(50);
    expect(v8Default.applied).toBeNull();
    // Measured: ~52 MB against ~87 MB.
    expect(limited.peakMb).toBeLessThan(v8Default.peakMb * 0.8);
  });
});
