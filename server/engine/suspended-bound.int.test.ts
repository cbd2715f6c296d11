import { runs, tasks } from "@trigger.dev/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { advanceUntilDone, type EngineHarness, startHarness, WAIT_S } from "./engine-test-kit.js";

// ENGINE_MAX_SUSPENDED bounds the parked attempts of the whole process: with executor threads each
// keeps its share, so 2 threads do not park twice as many as the engine's own thread would.
describe("the suspended-attempt bound with executor threads", () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Four runs of 3 long waits each, all waiting before time moves; how often each ran its first line and a step. */
  async function fourRuns(key: string): Promise<{ before: number[]; steps: number[] }> {
    const handles = await Promise.all(
      [0, 1, 2, 3].map((i) => tasks.trigger("fixture.steps", { key: `${key}${i}`, seconds: WAIT_S })),
    );
    for (let i = 0; i < 200; i++) {
      const states = await Promise.all(handles.map((x) => runs.retrieve(x.id)));
      if (states.every((r) => r.status === "WAITING")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const handle of handles) {
      const run = await advanceUntilDone(h!.engine, handle.id);
      expect((run.output as { sum: number }).sum).toBe(6);
    }
    const effects = await h!.effects(key);
    const counts = (suffix: string) => effects.filter((e) => e.key.endsWith(suffix)).map((e) => e.n);
    return { before: counts(":before"), steps: counts(":step") };
  }

  it("a bound of 8 over 2 threads (4 each) parks all four: each runs its first line and each step once", async () => {
    h = await startHarness({ allowClockControl: true, executors: 2, maxSuspended: 8 });
    expect(await fourRuns("room")).toEqual({ before: [1, 1, 1, 1], steps: [3, 3, 3, 3] });
  }, 90_000);

  it("a bound of 2 over 2 threads parks at most 2 of the 4: the others replay from their first line", async () => {
    h = await startHarness({ allowClockControl: true, executors: 2, maxSuspended: 2 });
    const { before } = await fourRuns("tight");
    // At the first wait at most 2 attempts stay in memory, so at least 2 runs run their first
    // line again when they resume (a per-thread bound of 2 would have kept all four).
    expect(before.filter((n) => n > 1).length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
