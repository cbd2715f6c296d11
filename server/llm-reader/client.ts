import type { LlmReaderConfig } from "./config.js";
import { ChatCompletionSchema, type LlmReading, LlmReadingSchema } from "./schema.js";

export interface ReaderPrompt {
  protocol: string;
  questionText: string;
  /** Already redacted (redact.ts): never a name or a phone number. */
  reply: string;
  protocolSummary: string;
}

export type ReaderResult =
  | { ok: true; reading: LlmReading }
  | { ok: false; error: "TIMEOUT" | "HTTP_ERROR" | "BAD_RESPONSE" | "NETWORK" };

const SYSTEM = [
  "You read one SMS reply from a patient after hospital discharge, for a nurse triage service.",
  'Reply with ONE JSON object only: {"answer": string|null, "severity": "NONE"|"ROUTINE"|"URGENT"|"EMERGENT",',
  '"symptoms": string[], "rationale": string}.',
  "answer: the reply restated in the question's format (an option number, yes, no, or a number with unit), null if it",
  "does not answer. severity: by the protocol rules given, for anything in the reply, including symptoms outside the",
  "question. When unsure, choose the more severe reading. The reply may be English or Spanish, with typos.",
].join(" ");

export type FetchLike = typeof fetch;

/** One chat-completions call. Never throws: timeouts, HTTP errors and bad JSON come back as errors. */
export async function askReader(
  cfg: LlmReaderConfig,
  prompt: ReaderPrompt,
  fetchImpl: FetchLike = fetch,
): Promise<ReaderResult> {
  const body = {
    model: cfg.model,
    temperature: 0,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content: JSON.stringify({
          protocol: prompt.protocol,
          protocolRules: prompt.protocolSummary,
          question: prompt.questionText,
          reply: prompt.reply,
        }),
      },
    ],
  };
  let res: Response;
  try {
    res = await fetchImpl(`${cfg.url}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    return { ok: false, error: name === "TimeoutError" || name === "AbortError" ? "TIMEOUT" : "NETWORK" };
  }
  if (!res.ok) return { ok: false, error: "HTTP_ERROR" };
  try {
    const completion = ChatCompletionSchema.safeParse(await res.json());
    const text = completion.success ? completion.data.choices[0]?.message.content : null;
    if (!text) return { ok: false, error: "BAD_RESPONSE" };
    const reading = LlmReadingSchema.safeParse(JSON.parse(stripFence(text)));
    return reading.success ? { ok: true, reading: reading.data } : { ok: false, error: "BAD_RESPONSE" };
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    return {
      ok: false,
      error: name === "TimeoutError" || name === "AbortError" ? "TIMEOUT" : "BAD_RESPONSE",
    };
  }
}

// Some compatible servers wrap JSON in a ``` fence even when asked for a JSON object.
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return m?.[1] ?? text;
}
