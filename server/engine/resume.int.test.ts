import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceUntilDone, type EngineHarness, startHarness, WAIT_S } from "./engine-test-kit.js";

describe("a waiting run continues where it stopped", () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startHarness({ allowClockControl: true });
  }, 60_000);
  afterAll(async () => h?.close());

  it("a loop of 3 steps with long waits runs each step once; code before the wait, onStart and middleware once", async () => {
    const handle = await tasks.trigger("fixture.steps", { key: "inplace", seconds: WAIT_S });
    const run = await advanceUntilDone(h.engine, handle.id);
    expect(run.status).toBe("COMPLETED");
    expect((run.output as { sum: number }).sum).toBe(6);
    expect(await h.effects("inplace:")).toEqual([
      { key: "inplace:before", n: 1 },
      { key: "inplace:mw:1", n: 1 },
      { key: "inplace:onStart:1", n: 1 },
      { key: "inplace:step", n: 3 },
    ]);
    // Each wait was a real suspension: the run was WAITING (no slot) three times.
    const susp = await h.pool.query<{ n: string }>(
      "SELECT execution_count AS n FROM trigger_engine.runs WHERE friendly_id = $1",
      [handle.id],
    );
    expect(Number(susp.rows[0]!.n)).toBe(4);
  });

  it("many waiting runs continue in place, each with its own locals", async () => {
    const handles = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tasks.trigger("fixture.steps", { key: `many${String(i).padStart(2, "0")}`, seconds: WAIT_S }),
      ),
    );
    for (const handle of handles) {
      const run = await advanceUntilDone(h.engine, handle.id);
      expect((run.output as { sum: number }).sum).toBe(6);
    }
    const effects = await h.effects("many");
    expect(effects.filter((e) => e.key.endsWith(":step")).map((e) => e.n)).toEqual(Array(20).fill(3));
    expect(effects.filter((e) => e.key.endsWith(":before")).map((e) => e.n)).toEqual(Array(20).fill(1));
  });
});
