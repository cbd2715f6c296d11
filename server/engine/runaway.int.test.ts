import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// Task code shares the engine process, so a run that ignores its abort signal keeps running; what
// the engine guarantees is that it can no longer change anything through the SDK.
let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.close());

async function effectAppears(key: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const found = await h.effects(key);
    if (found.length > 0) return found.map((e) => e.key);
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe("a runaway run is cut off", () => {
  it("past maxDuration: TIMED_OUT, and its later SDK calls are refused", async () => {
    const handle = await tasks.trigger("fixture.runaway", { key: "rt1", lateMs: 1500 });
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("TIMED_OUT");
    expect(await effectAppears("rt1:")).toEqual(["rt1:late-trigger-refused"]);
    expect((await runs.list({ tag: "late:rt1" })).data).toHaveLength(0);
  });

  it("after cancel: CANCELED, and its later SDK calls are refused", async () => {
    const handle = await tasks.trigger("fixture.runaway", { key: "rc1", lateMs: 800 });
    await waitForRun(handle.id, { status: "EXECUTING" });
    await runs.cancel(handle.id);
    expect((await waitForRun(handle.id)).status).toBe("CANCELED");
    expect(await effectAppears("rc1:")).toEqual(["rc1:late-trigger-refused"]);
    expect((await runs.list({ tag: "late:rc1" })).data).toHaveLength(0);
  });
});
