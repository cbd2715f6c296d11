import { readTokens } from "./clinical-lexicon.js";
import type { Judgement } from "./judge.js";
import type { JudgeInput } from "./model/types.js";
import { QUESTIONS } from "./protocols/questions.js";
import { getProtocol } from "./protocols/registry.js";
import { words } from "./text.js";

/**
 * Whether a second reader (the optional language model) should look at this reply: the rules could not
 * read it, or it says more than the question asked (symptoms outside the question). An EMERGENT result is
 * final: nothing can raise it, and nothing may lower it.
 */
export function needsSecondReader(input: JudgeInput, j: Judgement): boolean {
  if (j.outcome === "UNPARSEABLE") return true;
  if (j.severity === "EMERGENT") return false;
  if (j.reasonCode === "PATIENT_MESSAGE" || j.reasonCode === "REPLY_NOT_UNDERSTOOD") return true;
  const kind = QUESTIONS[input.topic].answer.kind;
  // A bare answer is two or three words ("185 lbs", "2 - worse", "no"); more is a sentence to read.
  return kind !== "free_text" && words(readTokens(input.reply)).length > 4;
}

/** The protocol's rules in one paragraph for the reader's prompt (data only, no patient details). */
export function protocolSummary(input: Pick<JudgeInput, "protocol" | "protocolVersion">): string {
  const p = getProtocol(input.protocol, input.protocolVersion);
  return p.rules
    .filter((r) => r.severity !== "NONE")
    .map((r) => `${r.severity}: ${r.description}`)
    .join(" ");
}

export function questionText(input: Pick<JudgeInput, "topic" | "language">): string {
  return QUESTIONS[input.topic].text[input.language === "es" ? "es" : "en"];
}
