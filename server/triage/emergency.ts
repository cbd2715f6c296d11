import { readTokens } from "./clinical-lexicon.js";
import { EMERGENCY_LEXICON, type EmergencyCategory, OPT_OUT_PHRASES } from "./lexicon-emergency.js";
import { type CompiledPhrase, compilePhrases, findPhrases, words } from "./text.js";

export interface EmergencyDetection {
  emergent: boolean;
  /** Phrases that fired, with their category (for the timeline; the message body itself is never logged). */
  matches: { phrase: string; category: EmergencyCategory["category"] }[];
  /** Emergency phrases found but negated ("no chest pain"); kept so a reviewer can see why nothing fired. */
  negated: string[];
}

const COMPILED: { phrase: CompiledPhrase; category: EmergencyCategory["category"] }[] =
  EMERGENCY_LEXICON.flatMap((c) =>
    compilePhrases(c.phrases).map((phrase) => ({ phrase, category: c.category })),
  ).sort((a, b) => b.phrase.parts.length - a.phrase.parts.length);
const PHRASES = COMPILED.map((c) => c.phrase);
const CATEGORY = new Map(COMPILED.map((c) => [c.phrase.text, c.category]));

export function detectEmergencyTokens(tokens: readonly string[]): EmergencyDetection {
  const found = findPhrases(tokens, PHRASES);
  const matches = found
    .filter((m) => !m.negated)
    .map((m) => ({ phrase: m.phrase, category: CATEGORY.get(m.key) ?? "CALL_911" }));
  return {
    emergent: matches.length > 0,
    matches,
    negated: found.filter((m) => m.negated).map((m) => m.phrase),
  };
}

/**
 * Emergency words in any inbound text, English or Spanish, at any time, spelling mistakes corrected toward
 * the clinical lexicon. Errs toward firing: "had chest pain yesterday" or "chest pain is gone" still fire;
 * only a negation shortly before the phrase in the same clause ("no chest pain", "sin dolor de pecho")
 * suppresses it, and a negation never reaches past a clause break or "but/just/only" ("no chest pain,
 * just a heavy ache in my shoulder" fires on the shoulder).
 */
export function detectEmergency(text: string): EmergencyDetection {
  return detectEmergencyTokens(readTokens(text));
}

const OPT_OUT = compilePhrases(OPT_OUT_PHRASES);

/** A plain-language request to stop texts ("stop texting me", "no me manden mensajes"): a nurse confirms. */
export function detectOptOutTokens(tokens: readonly string[]): boolean {
  const ws = words(tokens);
  if (ws.length === 1 && (ws[0] === "stop" || ws[0] === "alto" || ws[0] === "parar")) return true;
  return findPhrases(tokens, OPT_OUT).some((m) => !m.negated);
}

export function detectOptOutRequest(text: string): boolean {
  return detectOptOutTokens(readTokens(text));
}
