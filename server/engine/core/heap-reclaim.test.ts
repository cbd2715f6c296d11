import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FOLLOW_UP_BYTES, GROWTH_BYTES, QUIET_MS, shouldFollowUp, shouldReclaim } from "./heap-reclaim.js";

const MB = 1024 * 1024;

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
    { quietMs: 60_000, usedBytes: 70 * MB, committedBytes: 120 * MB, gc: false },
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
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").at(-1)!);
    expect(r.before).toBe("undefined");
    expect(r.type).toBe("function");
    expect(r.freedMb).toBeGreaterThan(20);
  });
});
