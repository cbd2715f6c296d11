import type { PhraseList } from "./model/types.js";
import { expandEmoji, TEXTING } from "./texting.js";

/** Marks a clause break ("." "," ";" "!" "?" and "but"-like words) so negations do not leak across. */
export const BOUNDARY = "|";

const NEGATORS = new Set([
  "no",
  "not",
  "dont",
  "doesnt",
  "didnt",
  "havent",
  "hasnt",
  "hadnt",
  "isnt",
  "arent",
  "wasnt",
  "never",
  "without",
  "deny",
  "denies",
  "zero",
  "sin",
  "nunca",
  "ni",
  "tampoco",
  "nada",
]);

// A negation only reaches this far back; "and"/"but" stop it so "no fever and chest pain" stays emergent.
const NEGATION_WINDOW = 3;
const CONJUNCTIONS = new Set([
  "and",
  "just",
  "only",
  "solo",
  "nomas",
  "sino",
  "instead",
  "but",
  "y",
  "pero",
  "though",
  "although",
  "however",
  "aunque",
  "except",
]);

/**
 * Lower-cases, strips accents and apostrophes, splits digits from letters ("185lbs" -> "185 lbs"),
 * turns "," decimals into "." and turns sentence punctuation into BOUNDARY tokens.
 */
export function normalize(raw: string): string[] {
  let s = expandEmoji(raw).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  // "w/o" must become a negator before "/" is dropped; "w/" is "with".
  s = s.replace(/\bw\s*\/\s*o\b/g, " without ").replace(/\bw\s*\//g, " with ");
  s = s.replace(/['’`´]/g, "");
  // "#3: 2", "Q3) 2", "3: 2": the patient echoed the question number before the answer; drop it when
  // another number follows, so "#3" alone still answers 3.
  s = s.replace(/^\s*(?:#|q|question|pregunta)\s*\d{1,2}\s*[:).-]\s*(?=[^0-9]*\d)/, " ");
  s = s.replace(/^\s*\d{1,2}\s*:\s*(?=[^0-9]*\d)/, " ");
  s = s.replace(/mg\s*\/\s*dl/g, " mgdl ").replace(/mmol\s*\/\s*l\b/g, " mmol ");
  // Times and dates are never the answer ("101.2 at 8am", "7:30", "11/21"); drop them before numbers are read.
  s = s.replace(/\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)/g, " ");
  s = s.replace(/\b\d{1,2}:\d{2}\b/g, " ").replace(/\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b/g, " ");
  s = s.replace(/(\d),(\d{1,2})(?!\d)/g, "$1.$2");
  s = s.replace(/\.(?!\d)|(?<!\d)\./g, " | ").replace(/[,;!?¡¿:\n]+/g, " | ");
  s = s.replace(/(\d)([a-z])/g, "$1 $2").replace(/([a-z])(\d)/g, "$1 $2");
  s = s.replace(/[^a-z0-9.|\s]/g, " ");
  // "yesss", "noooo", "siii": long letter runs are emphasis.
  s = s.replace(/([a-z])\1{2,}/g, "$1");
  const tokens = s
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .flatMap((t) => TEXTING[t] ?? [t]);
  return tokens.map((t) => (CONJUNCTIONS.has(t) && (t === "but" || t === "pero") ? BOUNDARY : t));
}

/** `gap`: up to GAP_MAX tokens of the same clause, none a negator or conjunction ("presion ~ pecho"). */
type Part = { word: string; prefix: boolean; alts?: readonly string[]; gap?: boolean };

export interface CompiledPhrase {
  text: string;
  parts: readonly Part[];
  startsNegated: boolean;
}

const GAP_MAX = 3;

function compileOne(text: string): CompiledPhrase {
  const parts: Part[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === "~") {
      parts.push({ word: "~", prefix: false, gap: true });
      continue;
    }
    if (raw.includes("|")) {
      // "shoulder|neck|jaw*": one position, several words; each alternative may end in "*".
      const alts = raw.split("|").filter(Boolean);
      const norm = (a: string) =>
        a.endsWith("*") ? `${normalize(a.slice(0, -1)).join(" ")}*` : normalize(a).join(" ");
      parts.push({ word: alts[0] ?? "", prefix: false, alts: alts.map(norm) });
      continue;
    }
    const prefix = raw.endsWith("*");
    const toks = normalize(prefix ? raw.slice(0, -1) : raw).filter((t) => t !== BOUNDARY);
    toks.forEach((word, i) => {
      parts.push({ word, prefix: prefix && i === toks.length - 1 });
    });
  }
  return { text: text.replaceAll("*", ""), parts, startsNegated: NEGATORS.has(parts[0]?.word ?? "") };
}

export function compilePhrases(list: PhraseList): CompiledPhrase[] {
  return [...list.en, ...list.es].map(compileOne).sort((a, b) => b.parts.length - a.parts.length);
}

/** Every plain word the phrase lists spell (prefix stems included): the typo corrector's lexicon. */
export function phraseWords(list: PhraseList): string[] {
  return compilePhrases(list).flatMap((p) =>
    p.parts.flatMap((part) =>
      part.gap ? [] : part.alts ? part.alts.map((a) => a.replace("*", "")) : [part.word],
    ),
  );
}

export interface PhraseMatch {
  /** What matched, readable: the phrase, or the words read for a phrase with gaps/alternatives. */
  phrase: string;
  /** The phrase as written in the list (lookup key for its category/option). */
  key: string;
  start: number;
  end: number;
  negated: boolean;
}

function wordMatches(tok: string, part: Part): boolean {
  if (part.alts) {
    return part.alts.some((a) => (a.endsWith("*") ? tok.startsWith(a.slice(0, -1)) : tok === a));
  }
  return part.prefix ? tok.startsWith(part.word) : tok === part.word;
}

/** End index (exclusive) of the phrase matched at `at`, or -1. Gaps take as few tokens as they can. */
function matchEnd(tokens: readonly string[], at: number, parts: readonly Part[], k: number): number {
  if (k === parts.length) return at;
  const part = parts[k];
  if (!part) return -1;
  if (part.gap) {
    for (let skip = 0; skip <= GAP_MAX; skip++) {
      const end = matchEnd(tokens, at + skip, parts, k + 1);
      if (end >= 0) return end;
      const t = tokens[at + skip];
      // A gap stays inside one clause and never spans a negation or a "just/and/but".
      if (t === undefined || t === BOUNDARY || NEGATORS.has(t) || CONJUNCTIONS.has(t)) return -1;
    }
    return -1;
  }
  const tok = tokens[at];
  if (tok === undefined || !wordMatches(tok, part)) return -1;
  return matchEnd(tokens, at + 1, parts, k + 1);
}

function isNegated(tokens: readonly string[], start: number): boolean {
  for (let i = start - 1; i >= 0 && i >= start - NEGATION_WINDOW; i--) {
    const t = tokens[i] ?? BOUNDARY;
    if (t === BOUNDARY || CONJUNCTIONS.has(t)) return false;
    if (NEGATORS.has(t)) return true;
  }
  return false;
}

/**
 * Longest-first, non-overlapping phrase matches. A match is `negated` when a negator sits up to three
 * tokens before it in the same clause ("no chest pain", "sin dolor de pecho"); phrases that themselves
 * start with a negator ("no puedo respirar") are never negated.
 */
/** First-word index of a phrase list, so a reply is only tried against phrases that can start in it. */
interface PhraseIndex {
  exact: Map<string, number[]>;
  /** Prefix stems by their first two letters. */
  prefixes: Map<string, { stem: string; at: number }[]>;
}
const indexCache = new WeakMap<readonly CompiledPhrase[], PhraseIndex>();

function indexOf(phrases: readonly CompiledPhrase[]): PhraseIndex {
  const cached = indexCache.get(phrases);
  if (cached) return cached;
  const idx: PhraseIndex = { exact: new Map(), prefixes: new Map() };
  phrases.forEach((p, at) => {
    const first = p.parts[0];
    if (!first || first.gap) return;
    const words = first.alts ?? [first.prefix ? `${first.word}*` : first.word];
    for (const w of words) {
      if (w.endsWith("*")) {
        const stem = w.slice(0, -1);
        const key = stem.slice(0, 2);
        idx.prefixes.set(key, [...(idx.prefixes.get(key) ?? []), { stem, at }]);
      } else idx.exact.set(w, [...(idx.exact.get(w) ?? []), at]);
    }
  });
  indexCache.set(phrases, idx);
  return idx;
}

// Candidate (phrase, position) pairs packed in one number so one numeric sort gives phrase order, then position.
const STRIDE = 1 << 16;

export function findPhrases(tokens: readonly string[], phrases: readonly CompiledPhrase[]): PhraseMatch[] {
  const idx = indexOf(phrases);
  const candidates: number[] = [];
  tokens.forEach((tok, i) => {
    if (tok === BOUNDARY) return;
    for (const at of idx.exact.get(tok) ?? []) candidates.push(at * STRIDE + i);
    for (const pre of idx.prefixes.get(tok.slice(0, 2)) ?? []) {
      if (tok.startsWith(pre.stem)) candidates.push(pre.at * STRIDE + i);
    }
  });
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a - b);
  const used = new Array<boolean>(tokens.length).fill(false);
  const out: PhraseMatch[] = [];
  let last = -1;
  for (const c of candidates) {
    if (c === last) continue;
    last = c;
    const p = phrases[Math.floor(c / STRIDE)];
    const i = c % STRIDE;
    if (!p || used[i]) continue;
    const end = matchEnd(tokens, i, p.parts, 0);
    if (end < 0) continue;
    let free = true;
    for (let k = i; k < end; k++) if (used[k]) free = false;
    if (!free) continue;
    for (let k = i; k < end; k++) used[k] = true;
    const flexible = p.parts.some((x) => x.gap || x.alts);
    out.push({
      phrase: flexible ? tokens.slice(i, end).join(" ") : p.text,
      key: p.text,
      start: i,
      end,
      negated: !p.startsNegated && !CONJUNCTIONS.has(tokens[i] ?? "") && isNegated(tokens, i),
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Tokens without clause markers, for "is the whole reply just X" checks. */
export function words(tokens: readonly string[]): string[] {
  return tokens.filter((t) => t !== BOUNDARY);
}
