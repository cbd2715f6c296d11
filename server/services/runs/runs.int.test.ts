import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "../../../test/engine-compat/harness.js";
import { getRunLogs } from "./runs.js";

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 120_000);
afterAll(async () => h?.close());

describe("getRunLogs (the console's run logs)", () => {
  it("returns the run's logger lines and trace spans, oldest first", async () => {
    const handle = await tasks.trigger("compat.chatty", { n: 3 });
    await settled(handle.id);
    const { lines, truncated } = await getRunLogs(handle.id);
    expect(truncated).toBe(false);
    expect(lines.map((l) => [l.level, l.message, l.attempt])).toEqual([
      ["INFO", "starting", 1],
      ["TRACE", "work", 1],
      ["WARN", "finished", 1],
    ]);
    expect(lines[1]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("an unknown run is an error, not an empty list", async () => {
    await expect(getRunLogs("run_doesnotexist0000000000")).rejects.toThrow();
  });
});
