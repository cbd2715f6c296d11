import { z } from "zod";

/**
 * The language-model reader is off unless LLM_READER_URL and LLM_READER_MODEL are both set. The URL is the
 * base of any OpenAI-compatible API (".../v1"); the key is sent as a Bearer token when given.
 */
const EnvSchema = z.object({
  LLM_READER_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_READER_MODEL: z.string().min(1).optional(),
  LLM_READER_API_KEY: z.string().min(1).optional(),
  LLM_READER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
});

export interface LlmReaderConfig {
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export class LlmReaderConfigError extends Error {}

/** null when the reader is off. Throws LlmReaderConfigError naming the bad variable (never its value). */
export function llmReaderConfig(env: NodeJS.ProcessEnv = process.env): LlmReaderConfig | null {
  const parsed = EnvSchema.safeParse({
    LLM_READER_URL: env.LLM_READER_URL || undefined,
    LLM_READER_MODEL: env.LLM_READER_MODEL || undefined,
    LLM_READER_API_KEY: env.LLM_READER_API_KEY || undefined,
    LLM_READER_TIMEOUT_MS: env.LLM_READER_TIMEOUT_MS || undefined,
  });
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].join(", ");
    throw new LlmReaderConfigError(`Invalid language-model reader setting: ${names}`);
  }
  const e = parsed.data;
  if (!e.LLM_READER_URL && !e.LLM_READER_MODEL) return null;
  if (!e.LLM_READER_URL || !e.LLM_READER_MODEL)
    throw new LlmReaderConfigError("Set both LLM_READER_URL and LLM_READER_MODEL (or neither)");
  return {
    url: e.LLM_READER_URL.replace(/\/+$/, ""),
    model: e.LLM_READER_MODEL,
    ...(e.LLM_READER_API_KEY ? { apiKey: e.LLM_READER_API_KEY } : {}),
    timeoutMs: e.LLM_READER_TIMEOUT_MS,
  };
}
