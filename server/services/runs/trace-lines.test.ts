import { describe, expect, it } from "vitest";
import { aiCallOf, type TraceSpan, traceLines } from "./trace-lines.js";

const at = new Date("2026-12-07T08:00:00Z");
const span = (
  message: string,
  children: TraceSpan[] = [],
  properties?: Record<string, unknown>,
): TraceSpan => ({
  id: `s-${message}`,
  data: {
    message,
    startTime: at,
    duration: 5,
    isError: false,
    level: "TRACE",
    ...(properties ? { properties } : {}),
  },
  children,
});

describe("aiCallOf: the model call a span records", () => {
  it.each([
    ["no properties", undefined, null],
    ["a plain span", { attempt: 1, rows: 3 }, null],
    [
      "OTel GenAI names (AI SDK 7)",
      {
        "gen_ai.request.model": "gpt-x",
        "gen_ai.response.model": "gpt-x-2026",
        "gen_ai.provider.name": "openai.chat",
        "gen_ai.usage.input_tokens": 42,
        "gen_ai.usage.output_tokens": 7,
      },
      { model: "gpt-x-2026", provider: "openai.chat", inputTokens: 42, outputTokens: 7 },
    ],
    [
      "AI SDK 5 names",
      {
        "ai.model.id": "m1",
        "ai.model.provider": "p",
        "ai.usage.inputTokens": 3,
        "ai.usage.outputTokens": 4,
      },
      { model: "m1", provider: "p", inputTokens: 3, outputTokens: 4 },
    ],
    [
      "AI SDK 4 names",
      { "ai.model.id": "m1", "ai.usage.promptTokens": 10, "ai.usage.completionTokens": 2 },
      { model: "m1", provider: null, inputTokens: 10, outputTokens: 2 },
    ],
    [
      "a model but no usage yet (a call still streaming or failed)",
      { "gen_ai.request.model": "m2", "gen_ai.system": "anthropic" },
      { model: "m2", provider: "anthropic", inputTokens: null, outputTokens: null },
    ],
    [
      "values of the wrong type are ignored, not trusted",
      {
        "gen_ai.request.model": 17,
        "ai.model.id": "m3",
        "gen_ai.usage.input_tokens": "42",
        "ai.usage.inputTokens": -1,
      },
      { model: "m3", provider: null, inputTokens: null, outputTokens: null },
    ],
    ["an empty model name is no model", { "gen_ai.request.model": "" }, null],
  ])("%s", (_name, properties, expected) => {
    expect(aiCallOf(properties as Record<string, unknown> | undefined)).toEqual(expected);
  });
});

describe("traceLines: the trace as the console's table", () => {
  const root = span("run", [
    span("load", [span("parse"), span("inside load")]),
    span("summarize", [span("chat m", [], { "gen_ai.request.model": "m", attempt: 2 })]),
    span("after"),
  ]);

  it("walks depth first, with each line's depth, attempt and model call", () => {
    const { lines, truncated } = traceLines(root, 100);
    expect(truncated).toBe(false);
    expect(lines.map((l) => [l.message, l.depth])).toEqual([
      ["load", 0],
      ["parse", 1],
      ["inside load", 1],
      ["summarize", 0],
      ["chat m", 1],
      ["after", 0],
    ]);
    expect(lines[4]).toMatchObject({ attempt: 2, ai: { model: "m" } });
    expect(lines[0]).toMatchObject({ attempt: null, ai: null, durationMs: 5 });
  });

  it("stops at the limit and says so", () => {
    const { lines, truncated } = traceLines(root, 4);
    expect(lines.map((l) => l.message)).toEqual(["load", "parse", "inside load", "summarize"]);
    expect(truncated).toBe(true);
    expect(traceLines(root, 6).truncated).toBe(false);
  });

  it("a run with nothing traced has no lines", () => {
    expect(traceLines(span("run"), 10)).toEqual({ lines: [], truncated: false });
  });
});
