import { DECIMAL_WORDS, NUMBER_CONNECTORS, NUMBER_WORDS, type NumberWordKind, UNITS } from "./lexicon.js";
import type { NumberUnit } from "./model/types.js";

export interface NumberToken {
  value: number;
  /** Unit written right after the number ("185lbs", "101 degrees"), if any. */
  unit?: NumberUnit;
  /** true when written with digits; number words are trusted less for option answers. */
  digits: boolean;
  index: number;
}

// Which word may follow which inside one spoken number: "one hundred eighty five", "ciento ochenta y cinco",
// and the spoken-weight shorthand "one eighty five" (unit then ten/teen = hundreds). Anything else starts
// a new number, so "two three" is two numbers, not five.
const FOLLOWS: Readonly<Record<NumberWordKind | "start", readonly NumberWordKind[]>> = {
  start: ["unit", "teen", "ten", "hundred_mult", "hundred_add"],
  unit: ["hundred_mult", "ten", "teen"],
  teen: ["hundred_mult"],
  ten: ["unit"],
  hundred_mult: ["unit", "teen", "ten"],
  hundred_add: ["unit", "teen", "ten"],
};

interface WordRun {
  value: number;
  end: number;
}

function readWordNumber(tokens: readonly string[], start: number): WordRun | null {
  let total = 0;
  let last: NumberWordKind | "start" = "start";
  let i = start;
  // "a hundred and two" is how a temperature of 102 is often typed.
  if (tokens[i] === "a" && tokens[i + 1] === "hundred") i++;
  let end = -1;
  while (i < tokens.length) {
    const tok = tokens[i] ?? "";
    const w = NUMBER_WORDS[tok];
    if (!w && NUMBER_CONNECTORS.has(tok) && end === i - 1 && last !== "start" && last !== "unit") {
      const next = NUMBER_WORDS[tokens[i + 1] ?? ""];
      if (next && FOLLOWS[last].includes(next.kind)) {
        i++;
        continue;
      }
      break;
    }
    if (!w || !FOLLOWS[last].includes(w.kind)) break;
    if (w.kind === "hundred_mult") total = total === 0 ? 100 : total * 100;
    else if (last === "unit") total = total * 100 + w.value;
    else total += w.value;
    last = w.kind;
    end = i;
    i++;
  }
  if (end < 0) return null;
  return { value: total, end };
}

function readDecimalWords(tokens: readonly string[], at: number): { fraction: string; end: number } | null {
  if (!DECIMAL_WORDS.has(tokens[at] ?? "")) return null;
  let digits = "";
  let i = at + 1;
  for (; i < tokens.length; i++) {
    const tok = tokens[i] ?? "";
    const w = NUMBER_WORDS[tok];
    if (w?.kind === "unit") digits += String(w.value);
    else if (/^\d+$/.test(tok)) digits += tok;
    else break;
  }
  return digits ? { fraction: digits, end: i - 1 } : null;
}

function unitAfter(tokens: readonly string[], at: number): NumberUnit | undefined {
  const u = UNITS[tokens[at] ?? ""];
  if (u) return u;
  // "101 degrees F", "185 in pounds"
  if (tokens[at] === "in" || tokens[at] === "en") return UNITS[tokens[at + 1] ?? ""];
  return undefined;
}

/** Every number in the reply, digits or words, with the unit that follows it. */
export function readNumbers(tokens: readonly string[]): NumberToken[] {
  const out: NumberToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? "";
    if (/^\d+(\.\d+)?$/.test(tok)) {
      out.push({ value: Number(tok), digits: true, index: i, ...withUnit(tokens, i + 1) });
      continue;
    }
    const run = readWordNumber(tokens, i);
    if (!run) continue;
    let value = run.value;
    let end = run.end;
    const dec = readDecimalWords(tokens, end + 1);
    if (dec) {
      value = Number(`${value}.${dec.fraction}`);
      end = dec.end;
    }
    out.push({ value, digits: false, index: i, ...withUnit(tokens, end + 1) });
    i = end;
  }
  return out;
}

function withUnit(tokens: readonly string[], at: number): { unit?: NumberUnit } {
  const unit = unitAfter(tokens, at);
  return unit ? { unit } : {};
}
