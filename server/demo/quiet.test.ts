import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { EngineState } from "../engine/index.js";
import { waitForQuiet } from "./quiet.js";

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/** A pool whose inbound count is always 0, and an engine busy for the first `busyLooks` looks. */
function fakes(busyLooks: number) {
  let looks = 0;
  const pool = { query: async () => ({ rows: [{ n: "0" }] }) } as unknown as pg.Pool;
  const engine = {
    pendingWork: async () => (looks++ < busyLooks ? 3 : 0),
  } as unknown as EngineState;
  return { pool, engine, looks: () => looks };
}

describe("waitForQuiet", () => {
  it("looks again when the idle hint resolves, and leaves no fallback timer behind", async () => {
    const { pool, engine, looks } = fakes(3);
    let hints = 0;
    const before = timers();
    const started = performance.now();
    await waitForQuiet({
      pool,
      engine,
      now: () => new Date(),
      idle: async () => {
        hints++;
      },
    });
    // 3 busy looks, each followed by the hint, then two quiet looks 15 ms apart.
    expect(hints).toBe(3);
    expect(looks()).toBe(5);
    // Far less than the 1 s fallback: the hint, not the timer, ended each busy wait.
    expect(performance.now() - started).toBeLessThan(900);
    // No 1 s fallback timer is still pending once it returns.
    expect(timers()).toBe(before);
  });

  it("falls back to the timer when the hint never resolves", async () => {
    const { pool, engine } = fakes(1);
    const started = performance.now();
    await waitForQuiet({ pool, engine, now: () => new Date(), idle: () => new Promise<void>(() => {}) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });
});
