import { runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceUntilDone, type EngineHarness, startHarness, WAIT_S, waitForRun } from "./engine-test-kit.js";

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

  // The metadata an attempt wrote since its last flush is written with its park (no flush of its own).
  const tokenOf = async (key: string) => {
    const found = await h.pool.query<{ id: string }>(
      "SELECT id FROM trigger_engine.waitpoints WHERE type = 'MANUAL' AND $1 = ANY(tags)",
      [`mw:${key}`],
    );
    return found.rows[0]!.id;
  };

  it("metadata set before a wait is on the run while it waits, and the run ends with what it set after", async () => {
    const handle = await tasks.trigger("fixture.metadata-wait", { key: "mw1", ops: false });
    await waitForRun(handle.id, { status: "WAITING" });
    expect((await runs.retrieve(handle.id)).metadata).toEqual({ phase: "waiting", key: "mw1" });
    await wait.completeToken(await tokenOf("mw1"), { n: 1 });
    const run = await waitForRun(handle.id);
    expect(run.output).toEqual({ n: 1 });
    expect(run.metadata).toEqual({ phase: "done", key: "mw1" });
  });

  it("other operations before a wait (an increment, an append, the parent's) land too, each once", async () => {
    const parent = await tasks.trigger("fixture.metadata-wait-parent", { key: "mw2" });
    await waitForRun(parent.id, { status: "WAITING" });
    const kid = await h.pool.query<{ friendly_id: string }>(
      "SELECT friendly_id FROM trigger_engine.runs WHERE parent_run_id = $1",
      [parent.id],
    );
    const child = await waitForRun(kid.rows[0]!.friendly_id, { status: "WAITING" });
    expect(child.metadata).toEqual({ phase: "waiting", key: "mw2", count: 2, log: ["before"] });
    expect((await runs.retrieve(parent.id)).metadata).toEqual({ "child:mw2": "waiting" });
    await wait.completeToken(await tokenOf("mw2"), { n: 2 });
    const done = await waitForRun(child.id);
    expect(done.metadata).toEqual({ phase: "done", key: "mw2", count: 3, log: ["before", "after"] });
    expect((await waitForRun(parent.id)).output).toEqual({ childOk: true });
  });
});
