import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "../../../test/engine-compat/harness.js";
import { type FakeLlm, startFakeLlm } from "../../../test/fake-llm/server.js";
import { getRunLogs } from "./runs.js";

let h: CompatHarness;
let llm: FakeLlm;
beforeAll(async () => {
  h = await startCompat();
  llm = await startFakeLlm();
}, 120_000);
afterAll(async () => {
  await llm?.close();
  await h?.close();
});

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

  it("nests spans (depth) and names the model and tokens of an AI SDK call", async () => {
    llm.set({ kind: "raw", content: "ok", usage: { prompt_tokens: 30, completion_tokens: 4 } });
    const handle = await tasks.trigger("compat.ai-generate", { baseURL: llm.baseUrl, prompt: "Summarize." });
    expect((await settled(handle.id)).status).toBe("COMPLETED");
    const { lines } = await getRunLogs(handle.id);
    expect(lines.map((l) => [l.message, l.depth])).toEqual([
      ["summarize", 0],
      ["invoke_agent fake-model-1", 1],
      ["step 1", 2],
      ["chat fake-model-1", 3],
      ["generated", 1],
    ]);
    expect(lines[1]!.ai).toEqual({
      model: "fake-model-1",
      provider: "fakeai.chat",
      inputTokens: 30,
      outputTokens: 4,
    });
    expect(lines[3]!.ai).toMatchObject({ model: "fake-model-1", inputTokens: 30, outputTokens: 4 });
    expect(lines[0]!.ai).toBeNull();
    expect(lines[2]!.ai).toBeNull();
  });

  it("an unknown run is an error, not an empty list", async () => {
    await expect(getRunLogs("run_doesnotexist0000000000")).rejects.toThrow();
  });
});
