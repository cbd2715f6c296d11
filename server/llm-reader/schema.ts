import { z } from "zod";
import { SeveritySchema } from "../triage/model/types.js";

/** What the model must return: one JSON object, validated before anything reads it. */
export const LlmReadingSchema = z.object({
  /** The answer restated in the question's own format ("2", "yes", "no", "185 lb", "101.2 F"), or null. */
  answer: z.string().max(40).nullable(),
  /** How serious the reply is by the protocol text given, whatever the question. */
  severity: SeveritySchema,
  /** Symptoms the reply mentions, in plain words (English). */
  symptoms: z.array(z.string().max(60)).max(10).default([]),
  rationale: z.string().max(300).default(""),
});
export type LlmReading = z.infer<typeof LlmReadingSchema>;

/** The OpenAI chat-completions response shape we read (only the first choice's text). */
export const ChatCompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});
