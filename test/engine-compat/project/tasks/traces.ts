import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { OpenTelemetry } from "@ai-sdk/otel";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { logger, schemaTask, task, wait } from "@trigger.dev/sdk";
import { ai } from "@trigger.dev/sdk/ai";
import { generateText, isStepCount, registerTelemetry, tool } from "ai";
import { z } from "zod";

// Spans in a run's trace, as Trigger.dev's docs show them: `logger.trace`, a task's own OTel
// tracer, and an AI SDK call with `experimental_telemetry` (AI SDK 7 emits its spans through the
// `@ai-sdk/otel` adapter, registered once per task file as its docs say).
registerTelemetry(new OpenTelemetry());

/** One AI SDK call against an OpenAI-compatible server (the test's fake), inside `logger.trace`. */
export const aiGenerate = task({
  id: "compat.ai-generate",
  run: async (payload: { baseURL: string; prompt: string }) => {
    const provider = createOpenAICompatible({ name: "fakeai", baseURL: payload.baseURL, apiKey: "sk-test" });
    return logger.trace("summarize", async (span) => {
      span.setAttribute("summary.kind", "discharge");
      const result = await generateText({
        model: provider("fake-model-1"),
        prompt: payload.prompt,
        experimental_telemetry: { isEnabled: true, functionId: "summarize-note" },
      });
      logger.info("generated", { chars: result.text.length });
      return { text: result.text, tokens: result.usage.totalTokens };
    });
  },
});

/** A task's own tracer: nested spans, an attribute, a failing span caught by the task. */
export const ownSpans = task({
  id: "compat.own-spans",
  run: async () => {
    const tracer = trace.getTracer("my-app");
    await tracer.startActiveSpan("load", async (outer) => {
      outer.setAttribute("rows", 3);
      logger.log("inside load");
      await tracer.startActiveSpan("parse", async (inner) => {
        await new Promise((r) => setTimeout(r, 20));
        inner.end();
      });
      outer.end();
    });
    try {
      await logger.trace("fails", async () => {
        throw new Error("bad row 7");
      });
    } catch {
      // the task goes on
    }
    const span = tracer.startSpan("manual");
    span.setStatus({ code: SpanStatusCode.ERROR, message: "manual failure" });
    span.end();
    logger.info("after spans");
    return { ok: true };
  },
});

/** A task the model can call as a tool (`ai.toolExecute`): it learns its tool call's id. */
export const weatherTool = schemaTask({
  id: "compat.ai-weather",
  description: "Current temperature in a city",
  schema: z.object({ city: z.string() }),
  run: async ({ city }) => ({ city, tempC: 21, toolCallId: ai.toolCallId() ?? null }),
});

/** The model asks for the weather tool; the task runs as a subtask; the model then answers. */
export const aiAgent = task({
  id: "compat.ai-agent",
  run: async (payload: { baseURL: string }) => {
    const provider = createOpenAICompatible({ name: "fakeai", baseURL: payload.baseURL, apiKey: "sk-test" });
    const result = await generateText({
      model: provider("fake-model-2"),
      prompt: "What is the weather in Lyon?",
      tools: {
        weather: tool({
          description: "Current temperature in a city",
          inputSchema: z.object({ city: z.string() }),
          execute: ai.toolExecute(weatherTool),
        }),
      },
      stopWhen: isStepCount(3),
      experimental_telemetry: { isEnabled: true, functionId: "weather-agent" },
    });
    return {
      text: result.text,
      steps: result.steps.length,
      toolOutputs: result.steps.flatMap((s) => s.toolResults.map((t) => t.output)),
    };
  },
});

/** A span open across a long wait (continued in place when the wait ends). */
export const tracedNap = task({
  id: "compat.traced-nap",
  run: async () => {
    await logger.trace("nap", async () => {
      await wait.for({ hours: 2 });
    });
    return { ok: true };
  },
});

/** `console.*` inside a task (Trigger.dev records it with the run). */
export const consoleLines = task({
  id: "compat.console-lines",
  run: async () => {
    console.log("plain line", 3, { a: 1 });
    console.warn(JSON.stringify({ msg: "structured", n: 2 }));
    await logger.trace("step", async () => {
      console.error(new Error("inside step"));
    });
    console.debug("debugging");
    return { ok: true };
  },
});
