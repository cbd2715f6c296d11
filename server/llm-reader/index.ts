/**
 * Optional language-model reader behind the triage rules (off unless LLM_READER_URL and LLM_READER_MODEL
 * are set). `readReply(input, names)` judges with the rules, then, only for replies the rules could not
 * read or that say more than the question asked, asks an OpenAI-compatible chat endpoint for a
 * zod-validated reading that can fill the answer or raise the severity, never lower it. `readers` says
 * which reader said what; store it with the answer. Names passed in are scrubbed from the text sent.
 */
import type { JudgeInput } from "../triage/index.js";
import { type LlmReaderConfig, llmReaderConfig } from "./config.js";
import { judgeWithReader, type ReadResult } from "./reader.js";

export { LlmReaderConfigError, llmReaderConfig } from "./config.js";
export { judgeWithReader, LLM_RULE_ID, type ReaderNote, type ReadResult } from "./reader.js";

let cached: { config: LlmReaderConfig | null } | undefined;

export function readReply(input: JudgeInput, names: readonly string[] = []): Promise<ReadResult> {
  cached ??= { config: llmReaderConfig() };
  return judgeWithReader(input, { config: cached.config, redactNames: names });
}
