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
// Each figure's attribute names, first found wins: OpenTelemetry's GenAI names (AI SDK 7's
// `@ai-sdk/otel`), then AI SDK 5/6's, then AI SDK 4's.
const MODEL = ["gen_ai.response.model", "gen_ai.request.model", "ai.model.id"];
const PROVIDER = ["gen_ai.provider.name", "gen_ai.system", "ai.model.provider"];
const INPUT_TOKENS = ["gen_ai.usage.input_tokens", "ai.usage.inputTokens", "ai.usage.promptTokens"];
const OUTPUT_TOKENS = ["gen_ai.usage.output_tokens", "ai.usage.outputTokens", "ai.usage.completionTokens"];

/** The first of `names` whose value `schema` accepts (a value of the wrong type is skipped). */
function first<T>(properties: Record<string, unknown>, names: string[], schema: z.ZodType<T>): T | null {
  for (const name of names) {
    const parsed = schema.safeParse(properties[name]);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** The model call a span records, if it is one (a span naming a model). */
export function aiCallOf(properties: Record<string, unknown> | undefined): AiCall | null {
  if (!properties) return null;
  const model = first(properties, MODEL, text);
  if (!model) return null;
  return {
    model,
    provider: first(properties, PROVIDER, text),
    inputTokens: first(properties, INPUT_TOKENS, count),
    outputTokens: first(properties, OUTPUT_TOKENS, count),
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
