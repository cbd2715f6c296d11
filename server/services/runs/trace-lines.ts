import { z } from "zod";

// A run's trace (the SDK's `retrieveRunTrace`, on the embedded engine and on Trigger.dev alike) as
// the console's log table: the spans and lines under the run, depth first, each with its depth, and
// for a language-model call (AI SDK telemetry) its model and token counts.

/** The part of a trace span the console reads (the SDK's schema has more). */
export interface TraceSpan {
  id: string;
  data: {
    message: string;
    startTime: Date;
    duration: number;
    isError: boolean;
    level?: string;
    properties?: Record<string, unknown>;
  };
  children: TraceSpan[];
}

export interface AiCall {
  model: string;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

export interface TraceLine {
  id: string;
  at: Date;
  level: string;
  message: string;
  durationMs: number;
  isError: boolean;
  attempt: number | null;
  /** 0 for what the run made directly, 1 for what was made inside one of those spans, ... */
  depth: number;
  ai: AiCall | null;
}

const count = z.number().int().nonnegative();
const text = z.string().min(1);
// OpenTelemetry's GenAI names (AI SDK 7's `@ai-sdk/otel`), then the AI SDK 5/6 names.
const AiAttributes = z.object({
  "gen_ai.response.model": text.optional().catch(undefined),
  "gen_ai.request.model": text.optional().catch(undefined),
  "ai.model.id": text.optional().catch(undefined),
  "gen_ai.provider.name": text.optional().catch(undefined),
  "gen_ai.system": text.optional().catch(undefined),
  "ai.model.provider": text.optional().catch(undefined),
  "gen_ai.usage.input_tokens": count.optional().catch(undefined),
  "ai.usage.inputTokens": count.optional().catch(undefined),
  "ai.usage.promptTokens": count.optional().catch(undefined),
  "gen_ai.usage.output_tokens": count.optional().catch(undefined),
  "ai.usage.outputTokens": count.optional().catch(undefined),
  "ai.usage.completionTokens": count.optional().catch(undefined),
});

/** The model call a span records, if it is one (a span naming a model). */
export function aiCallOf(properties: Record<string, unknown> | undefined): AiCall | null {
  if (!properties) return null;
  const a = AiAttributes.parse(properties);
  const model = a["gen_ai.response.model"] ?? a["gen_ai.request.model"] ?? a["ai.model.id"];
  if (!model) return null;
  return {
    model,
    provider: a["gen_ai.provider.name"] ?? a["gen_ai.system"] ?? a["ai.model.provider"] ?? null,
    inputTokens:
      a["gen_ai.usage.input_tokens"] ?? a["ai.usage.inputTokens"] ?? a["ai.usage.promptTokens"] ?? null,
    outputTokens:
      a["gen_ai.usage.output_tokens"] ?? a["ai.usage.outputTokens"] ?? a["ai.usage.completionTokens"] ?? null,
  };
}

/** At most `limit` lines, depth first (a span, then what was made inside it). */
export function traceLines(root: TraceSpan, limit: number): { lines: TraceLine[]; truncated: boolean } {
  const lines: TraceLine[] = [];
  let truncated = false;
  const walk = (spans: TraceSpan[], depth: number) => {
    for (const s of spans) {
      if (lines.length >= limit) {
        truncated = true;
        return;
      }
      const attempt = s.data.properties?.attempt;
      lines.push({
        id: s.id,
        at: s.data.startTime,
        level: s.data.level ?? "TRACE",
        message: s.data.message.slice(0, 2000),
        durationMs: s.data.duration,
        isError: s.data.isError,
        attempt: typeof attempt === "number" ? attempt : null,
        depth,
        ai: aiCallOf(s.data.properties),
      });
      walk(s.children, depth + 1);
    }
  };
  walk(root.children, 0);
  return { lines, truncated };
}
