import type { PhraseList } from "./types.js";

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
  let s = raw.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  s = s.replace(/['’`´]/g, "");
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
  const tokens = s.split(/\s+/).filter((t) => t.length > 0);
  return tokens.map((t) => (CONJUNCTIONS.has(t) && (t === "but" || t === "pero") ? BOUNDARY : t));
}

export interface CompiledPhrase {
  text: string;
  parts: readonly { word: string; prefix: boolean }[];
  startsNegated: boolean;
}

function compileOne(text: string): CompiledPhrase {
  const parts: { word: string; prefix: boolean }[] = [];
  for (const raw of text.split(/\s+/)) {
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

export interface PhraseMatch {
  phrase: string;
  start: number;
  end: number;
  negated: boolean;
}

function matchesAt(tokens: readonly string[], at: number, p: CompiledPhrase): boolean {
  for (let k = 0; k < p.parts.length; k++) {
    const tok = tokens[at + k];
    const part = p.parts[k];
    if (tok === undefined || part === undefined) return false;
    if (part.prefix ? !tok.startsWith(part.word) : tok !== part.word) return false;
  }
  return true;
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
export function findPhrases(tokens: readonly string[], phrases: readonly CompiledPhrase[]): PhraseMatch[] {
  const used = new Array<boolean>(tokens.length).fill(false);
  const out: PhraseMatch[] = [];
  for (const p of phrases) {
    if (p.parts.length === 0) continue;
    for (let i = 0; i + p.parts.length <= tokens.length; i++) {
      if (used[i] || !matchesAt(tokens, i, p)) continue;
      const end = i + p.parts.length;
      if (used.slice(i, end).some(Boolean)) continue;
      for (let k = i; k < end; k++) used[k] = true;
      out.push({ phrase: p.text, start: i, end, negated: !p.startsNegated && isNegated(tokens, i) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Tokens without clause markers, for "is the whole reply just X" checks. */
export function words(tokens: readonly string[]): string[] {
  return tokens.filter((t) => t !== BOUNDARY);
}
