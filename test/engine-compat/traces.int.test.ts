import { apiClientManager } from "@trigger.dev/core/v3";
import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeLlm, startFakeLlm } from "../fake-llm/server.js";
import { type CompatHarness, settled, startCompat } from "./harness.js";

// Spans in a run's trace (`retrieveRunTrace`, what the console's run details show): the AI SDK's
// spans from a real `generateText` call (AI SDK 7 + `@ai-sdk/otel`, an OpenAI-compatible provider
// talking HTTP to the repo's fake chat-completions server), `logger.trace`, a task's own tracer.

let h: CompatHarness;
let llm: FakeLlm;
beforeAll(async () => {
  h = await startCompat();
  llm = await startFakeLlm();
}, 60_000);
afterAll(async () => {
  await llm?.close();
  await h?.close();
});

type Node = {
  id: string;
  parentId?: string;
  data: {
    message: string;
    level?: string;
    isError: boolean;
    duration: number;
    properties?: Record<string, unknown>;
  };
  children: Node[];
};

async function traceOf(id: string): Promise<Node> {
  const { trace } = await apiClientManager.clientOrThrow().retrieveRunTrace(id);
  return trace.rootSpan as unknown as Node;
}

/** The tree as [message, children] pairs, for a readable comparison. */
function shape(n: Node): unknown {
  return n.children.length ? [n.data.message, n.children.map(shape)] : n.data.message;
}

describe("AI spans and OTel spans in a run's trace", () => {
  it("an AI SDK call with experimental_telemetry shows as spans with model, provider and tokens, nested in logger.trace", async () => {
    llm.set({ kind: "raw", content: "Stable at home.", usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const handle = await tasks.trigger("compat.ai-generate", {
      baseURL: llm.baseUrl,
      prompt: "Summarize the note.",
    });
    const run = await settled(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ text: "Stable at home.", tokens: 49 });
    expect(llm.requests.at(-1)?.body.model).toBe("fake-model-1");

    const root = await traceOf(handle.id);
    expect(root.data.message).toBe("compat.ai-generate");
    // Only what the task traced: none of the SDK executor's own spans (attempt, hooks).
    expect(shape(root)).toEqual([
      "compat.ai-generate",
      [["summarize", [["invoke_agent fake-model-1", [["step 1", ["chat fake-model-1"]]]], "generated"]]],
    ]);
    const summarize = root.children[0]!;
    expect(summarize.data.level).toBe("TRACE");
    expect(summarize.data.properties).toMatchObject({ attempt: 1, "summary.kind": "discharge" });
    const agent = summarize.children[0]!;
    expect(agent.parentId).toBe(summarize.id);
    expect(agent.data.properties).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.request.model": "fake-model-1",
      "gen_ai.provider.name": "fakeai.chat",
      "gen_ai.agent.name": "summarize-note",
      "gen_ai.usage.input_tokens": 42,
      "gen_ai.usage.output_tokens": 7,
    });
    const chat = agent.children[0]!.children[0]!;
    expect(chat.data.properties).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.response.model": "fake-model-1",
      "gen_ai.usage.input_tokens": 42,
    });
    expect(String(chat.data.properties?.["gen_ai.output.messages"])).toContain("Stable at home.");
    expect(chat.data.duration).toBeGreaterThan(0);
    expect(summarize.data.duration).toBeGreaterThanOrEqual(agent.data.duration);
    // The line written inside the span is its child, after the AI call.
    expect(summarize.children[1]!.data).toMatchObject({ level: "INFO", message: "generated" });
    expect(summarize.children[1]!.data.properties).toMatchObject({ chars: 15 });
    // The SDK's own usage figures ($usage...) are not the task's attributes.
    expect(Object.keys(summarize.data.properties ?? {}).some((k) => k.startsWith("$"))).toBe(false);
  }, 30_000);

  it("a task's own tracer: nested spans, attributes, lines inside spans, failed spans marked as errors", async () => {
    const handle = await tasks.trigger("compat.own-spans", {});
    expect((await settled(handle.id)).status).toBe("COMPLETED");
    const root = await traceOf(handle.id);
    expect(shape(root)).toEqual([
      "compat.own-spans",
      [["load", ["inside load", "parse"]], "fails", "manual", "after spans"],
    ]);
    const [load, fails, manual, after] = root.children;
    expect(load!.data.properties).toMatchObject({ rows: 3 });
    expect(load!.data.isError).toBe(false);
    expect(load!.children[1]!.data.duration).toBeGreaterThanOrEqual(15);
    expect(fails!.data).toMatchObject({ isError: true, level: "TRACE" });
    expect(fails!.data.properties).toMatchObject({ error: "bad row 7" });
    expect(manual!.data).toMatchObject({ isError: true });
    expect(manual!.data.properties).toMatchObject({ error: "manual failure" });
    expect(after!.parentId).toBe(root.id);

    // The engine's own view of the same lines names each span and the span each line was made in.
    const logs = await h.engine.state.runLogs(handle.id);
    const loadLine = logs.find((l) => l.message === "load")!;
    expect(loadLine.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(logs.find((l) => l.message === "inside load")!.parentSpanId).toBe(loadLine.spanId);
    expect(logs.find((l) => l.message === "parse")!.parentSpanId).toBe(loadLine.spanId);
    expect(logs.find((l) => l.message === "after spans")!.parentSpanId).toBeNull();
  }, 30_000);

  it("a task as an AI tool (ai.toolExecute): the model's tool call runs it as a subtask, with its call id", async () => {
    llm.set({
      kind: "turns",
      turns: [
        { toolCalls: [{ id: "call_lyon_1", name: "weather", arguments: { city: "Lyon" } }] },
        { content: "It is 21 degrees in Lyon.", usage: { prompt_tokens: 20, completion_tokens: 8 } },
      ],
    });
    const before = llm.requests.length;
    const handle = await tasks.trigger("compat.ai-agent", { baseURL: llm.baseUrl });
    const run = await settled(handle.id, 30_000);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({
      text: "It is 21 degrees in Lyon.",
      steps: 2,
      toolOutputs: [{ city: "Lyon", tempC: 21, toolCallId: "call_lyon_1" }],
    });
    // The second request carried the tool's result back to the model.
    const second = llm.requests[before + 1]!.body;
    const toolMessage = second.messages.find((m) => m.role === "tool");
    expect(toolMessage?.tool_call_id).toBe("call_lyon_1");
    expect(JSON.parse(String(toolMessage?.content))).toMatchObject({ city: "Lyon", tempC: 21 });
    // The subtask is a run of its own, tagged with the call id as on Trigger.dev.
    const children = await runs.list({ taskIdentifier: "compat.ai-weather", tag: "toolCallId:call_lyon_1" });
    expect(children.data.map((r) => r.status)).toEqual(["COMPLETED"]);

    // The agent's trace: two steps, each a model call; the first also runs the tool. (The SDK's own
    // call that ran the subtask, `triggerAndSubscribe()`, is not recorded: engine README.)
    const root = await traceOf(handle.id);
    expect(shape(root)).toEqual([
      "compat.ai-agent",
      [
        [
          "invoke_agent fake-model-2",
          [
            ["step 1", ["chat fake-model-2", "execute_tool weather"]],
            ["step 2", ["chat fake-model-2"]],
          ],
        ],
      ],
    ]);
    const agent = root.children[0]!;
    expect(agent.data.properties).toMatchObject({
      "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 13,
    });
    const toolSpan = agent.children[0]!.children[1]!;
    expect(toolSpan.data.properties).toMatchObject({ "gen_ai.tool.call.id": "call_lyon_1" });
  }, 45_000);

  it("a span open across a wait lasts as long as the wait on the engine's clock (a 2-hour advance)", async () => {
    const handle = await tasks.trigger("compat.traced-nap", {});
    for (let i = 0; i < 200 && (await runs.retrieve(handle.id)).status !== "WAITING"; i++)
      await new Promise((r) => setTimeout(r, 25));
    await h.engine.clock.advance(2 * 3_600_000 + 1_000);
    expect((await settled(handle.id)).status).toBe("COMPLETED");
    const root = await traceOf(handle.id);
    expect(shape(root)).toEqual(["compat.traced-nap", ["nap"]]);
    const nap = root.children[0]!;
    expect(nap.data.duration).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(nap.data.duration).toBeLessThan(3 * 3_600_000);
  }, 30_000);

  it("console.* inside a task is recorded with the run, in the span it was written in", async () => {
    const handle = await tasks.trigger("compat.console-lines", {});
    expect((await settled(handle.id)).status).toBe("COMPLETED");
    const root = await traceOf(handle.id);
    const line = (n: Node) => [n.data.level, n.data.message];
    expect(root.children.map(line)).toEqual([
      ["LOG", "plain line 3 { a: 1 }"],
      ["WARN", "structured"],
      ["TRACE", "step"],
      ["DEBUG", "debugging"],
    ]);
    // A JSON line's fields are its attributes.
    expect(root.children[1]!.data.properties).toMatchObject({ msg: "structured", n: 2 });
    const step = root.children[2]!;
    expect(step.children.map(line)).toEqual([["ERROR", expect.stringContaining("Error: inside step")]]);
    expect(step.children[0]!.data.isError).toBe(true);
  }, 30_000);
});
