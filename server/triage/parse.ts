import {
  NO_PHRASES,
  ORDINALS,
  RESOLVED_PHRASES,
  UNSURE_PHRASES,
  WHOLE_REPLY_ONLY,
  YES_PHRASES,
} from "./lexicon.js";
import { STOPPED_PHRASES } from "./model/medications.js";
import type { AnswerSpec, OptionDef, ParsedValue, PhraseList } from "./model/types.js";
import { readNumbers } from "./numbers.js";
import { BOUNDARY, type CompiledPhrase, compilePhrases, findPhrases, words } from "./text.js";

export type ParseFailure = "NO_ANSWER" | "AMBIGUOUS" | "OUT_OF_RANGE";
/**
 * `alternatives`: several readings in one reply ("45 then 90 after juice", "probably 3, maybe 4", "3 and
 * 4"). They are judged one by one and the most concerning is kept instead of re-asking.
 */
export type ParseResult =
  | { ok: true; value: ParsedValue; alternatives?: undefined }
  | { ok: false; why: ParseFailure; alternatives?: ParsedValue[] };

type Polarity = "yes" | "no" | "unsure";
const TAGGED: { phrase: CompiledPhrase; tag: Polarity }[] = [];
for (const [list, tag] of [
  [YES_PHRASES, "yes"],
  [NO_PHRASES, "no"],
  [UNSURE_PHRASES, "unsure"],
] as const) {
  for (const phrase of compilePhrases(list)) TAGGED.push({ phrase, tag });
}
TAGGED.sort((a, b) => b.phrase.parts.length - a.phrase.parts.length);
const YES_NO_PHRASES = TAGGED.map((t) => t.phrase);
const TAG_OF = new Map(TAGGED.map((t) => [t.phrase.text, t.tag]));

const compiledCache = new WeakMap<PhraseList, CompiledPhrase[]>();
function compiled(list: PhraseList): CompiledPhrase[] {
  let c = compiledCache.get(list);
  if (!c) {
    c = compilePhrases(list);
    compiledCache.set(list, c);
  }
  return c;
}

/**
 * YES/NO with symptom hints: a symptom named without a negation ("my ankles are swollen") counts as YES
 * even beside a "no" ("no, but my ankles are swollen"), because missing a symptom costs more than a call.
 * "maybe"/"not sure"/"not feeling well" are re-asked rather than guessed.
 */
export function parseYesNo(tokens: readonly string[], hints?: PhraseList): ParseResult {
  const ws = words(tokens);
  if (ws.length === 1) {
    const whole = WHOLE_REPLY_ONLY[ws[0] ?? ""];
    if (whole === "yes" || whole === "no")
      return { ok: true, value: { kind: "yes_no", value: whole === "yes" } };
  }
  if (hints) {
    const h = findPhrases(tokens, compiled(hints));
    if (h.some((m) => !m.negated && !resolvedAfter(tokens, m.end)))
      return { ok: true, value: { kind: "yes_no", value: true } };
    if (h.length > 0) return { ok: true, value: { kind: "yes_no", value: false } };
  }
  const tags = new Set(findPhrases(tokens, YES_NO_PHRASES).map((m) => TAG_OF.get(m.key)));
  // Doubt beside a hedged yes ("no sé, tal vez", "not sure, maybe") is a yes: the more severe reading wins.
  if (tags.has("unsure") && tags.has("yes") && !tags.has("no"))
    return { ok: true, value: { kind: "yes_no", value: true } };
  if (tags.has("unsure") || (tags.has("yes") && tags.has("no"))) return { ok: false, why: "AMBIGUOUS" };
  if (tags.has("yes")) return { ok: true, value: { kind: "yes_no", value: true } };
  if (tags.has("no")) return { ok: true, value: { kind: "yes_no", value: false } };
  return { ok: false, why: "NO_ANSWER" };
}

const RESOLVED = compilePhrases(RESOLVED_PHRASES);
const STILL = new Set(["still", "worse", "more", "todavia", "sigue", "peor", "mas", "again", "otra"]);

/** "the swelling went down", "la hinchazón ya se bajó": a symptom named as gone, unless still/worse is said too. */
function resolvedAfter(tokens: readonly string[], from: number): boolean {
  const clause: string[] = [];
  for (let i = from; i < tokens.length && tokens[i] !== BOUNDARY; i++) clause.push(tokens[i] ?? "");
  if (clause.some((t) => STILL.has(t))) return false;
  return findPhrases(clause, RESOLVED).length > 0;
}

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)];
}

type SynonymIndex = { phrases: CompiledPhrase[]; optionOf: Map<string, number> };
const synonymCache = new WeakMap<readonly OptionDef[], SynonymIndex>();

function synonymIndex(options: readonly OptionDef[]): SynonymIndex {
  const cached = synonymCache.get(options);
  if (cached) return cached;
  const all: { phrase: CompiledPhrase; value: number }[] = [];
  for (const o of options) {
    if (o.synonyms) for (const phrase of compiled(o.synonyms)) all.push({ phrase, value: o.value });
  }
  all.sort((a, b) => b.phrase.parts.length - a.phrase.parts.length);
  const index = {
    phrases: all.map((a) => a.phrase),
    optionOf: new Map(all.map((a) => [a.phrase.text, a.value])),
  };
  synonymCache.set(options, index);
  return index;
}

const STOPPED = compilePhrases(STOPPED_PHRASES);

function optionFromSynonyms(
  tokens: readonly string[],
  options: readonly OptionDef[],
  stoppedOption?: number,
): number[] {
  const { phrases, optionOf } = synonymIndex(options);
  const hits: number[] = [];
  // "quit taking my lasix", "ya no me pongo la insulina": a stop said in words is the "stopped one" option.
  if (stoppedOption !== undefined && findPhrases(tokens, STOPPED).length > 0) hits.push(stoppedOption);
  for (const m of findPhrases(tokens, phrases)) {
    const v = optionOf.get(m.key);
    if (v !== undefined && !m.negated) hits.push(v);
  }
  return distinct(hits);
}

/**
 * Numbered options: digits win ("2 - worse", "option 3", "#2"), then option words ("much worse",
 * "amarilla"), then number words ("two", "dos"), then YES/NO when the question maps them to an option.
 * Two different options in one reply is ambiguous and re-asked.
 */
export function parseOption(
  tokens: readonly string[],
  spec: Extract<AnswerSpec, { kind: "option" }>,
): ParseResult {
  const max = spec.options.length;
  const nums = readNumbers(tokens);
  const pick = (vals: number[]): ParseResult | null => {
    if (vals.length === 0) return null;
    const ok = vals.filter((v) => Number.isInteger(v) && v >= 1 && v <= max);
    if (ok.length > 1) {
      // Ranges and doubt ("1-2", "probably 3, maybe 4") and lists ("3 and 4"): every option is a reading.
      return { ok: false, why: "AMBIGUOUS", alternatives: ok.map((value) => ({ kind: "option", value })) };
    }
    if (vals.length > 1 && ok.length === 0) return { ok: false, why: "AMBIGUOUS" };
    const v = ok[0] ?? vals[0] ?? 0;
    if (!Number.isInteger(v) || v < 1 || v > max) return { ok: false, why: "OUT_OF_RANGE" };
    return { ok: true, value: { kind: "option", value: v } };
  };
  const digits = distinct(nums.filter((n) => n.digits).map((n) => n.value));
  // "more than 5 minutes" carries a number that is not an option; only in-range digits are an answer.
  const byDigits = pick(digits.filter((v) => Number.isInteger(v) && v >= 1 && v <= max));
  if (byDigits) return byDigits;
  const bySynonym = pick(optionFromSynonyms(tokens, spec.options, spec.stoppedOption));
  if (bySynonym) return bySynonym;
  const ws = words(tokens);
  const byOrdinal = pick(distinct(ws.flatMap((w) => (ORDINALS[w] === undefined ? [] : [ORDINALS[w]]))));
  if (byOrdinal) return byOrdinal;
  const whole = ws.length === 1 ? WHOLE_REPLY_ONLY[ws[0] ?? ""] : undefined;
  const wordVals = nums.filter((n) => !n.digits).map((n) => n.value);
  if (typeof whole === "number") wordVals.push(whole);
  const byWords = pick(distinct(wordVals));
  if (byWords) return byWords;
  const none: ParseResult = { ok: false, why: digits.length > 0 ? "OUT_OF_RANGE" : "NO_ANSWER" };
  if (spec.yesOption === undefined && spec.noOption === undefined) return none;
  const yn = parseYesNo(tokens);
  if (!yn.ok || yn.value.kind !== "yes_no") return digits.length > 0 ? none : yn;
  const mapped = yn.value.value ? spec.yesOption : spec.noOption;
  return mapped === undefined
    ? { ok: false, why: "AMBIGUOUS" }
    : { ok: true, value: { kind: "option", value: mapped } };
}

export { isPlausible, type NumberParse, type NumberSpec, parseNumber } from "./parse-number.js";
