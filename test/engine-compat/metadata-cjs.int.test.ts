import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

describe("metadata.parent / metadata.root from a task file compiled as CommonJS", () => {
  it("reach the parent and root runs", async () => {
    const run = await tasks.trigger("compat.esm-parent", { n: 7 });
    const done = await settled(run.id);
    expect(done.status).toBe("COMPLETED");
    expect((await runs.retrieve(run.id)).metadata).toMatchObject({ fromCjsChild: 7, cjsCalls: 1 });
  });
});
