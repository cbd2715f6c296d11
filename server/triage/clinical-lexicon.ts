import { NO_PHRASES, NUMBER_WORDS, ORDINALS, UNITS, UNSURE_PHRASES, YES_PHRASES } from "./lexicon.js";
import { EMERGENCY_LEXICON, OPT_OUT_PHRASES } from "./lexicon-emergency.js";
import { HIGH_RISK_MEDS, STOPPED_PHRASES } from "./model/medications.js";
import type { Condition, PhraseList } from "./model/types.js";
import { QUESTIONS } from "./protocols/questions.js";
import { allPublishedRules } from "./protocols/registry.js";
import { normalize, phraseWords } from "./text.js";
import { TypoCorrector } from "./typos.js";

function conditionPhrases(c: Condition): PhraseList[] {
  switch (c.kind) {
    case "phrases":
      return [c.phrases];
    case "all":
    case "any_of":
      return c.of.flatMap(conditionPhrases);
    default:
      return [];
  }
}

function buildLexicon(): Set<string> {
  const lists: PhraseList[] = [
    ...EMERGENCY_LEXICON.map((c) => c.phrases),
    OPT_OUT_PHRASES,
    YES_PHRASES,
    NO_PHRASES,
    UNSURE_PHRASES,
    HIGH_RISK_MEDS,
    STOPPED_PHRASES,
  ];
  for (const q of Object.values(QUESTIONS)) {
    if (q.answer.kind === "yes_no" && q.answer.yesHints) lists.push(q.answer.yesHints);
    if (q.answer.kind === "option") for (const o of q.answer.options) if (o.synonyms) lists.push(o.synonyms);
  }
  for (const r of allPublishedRules()) lists.push(...conditionPhrases(r.when));
  const words = new Set(lists.flatMap(phraseWords));
  for (const w of [...Object.keys(UNITS), ...Object.keys(NUMBER_WORDS), ...Object.keys(ORDINALS)])
    words.add(w);
  return words;
}

let corrector: TypoCorrector | undefined;

/** Normalized tokens with spelling mistakes corrected toward the clinical lexicon only (typos.ts). */
export function readTokens(text: string): string[] {
  corrector ??= new TypoCorrector(buildLexicon());
  return corrector.correctAll(normalize(text));
}
