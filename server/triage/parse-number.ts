import type { AnswerSpec, NumberUnit, ParsedValue } from "./model/types.js";
import { type NumberToken, readNumbers } from "./numbers.js";
import type { ParseResult } from "./parse.js";
import { BOUNDARY } from "./text.js";

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)];
}

const TO_CANONICAL: Readonly<Record<NumberUnit, { to: NumberUnit; convert: (v: number) => number }>> = {
  lb: { to: "lb", convert: (v) => v },
  kg: { to: "lb", convert: (v) => v * 2.20462 },
  F: { to: "F", convert: (v) => v },
  C: { to: "F", convert: (v) => (v * 9) / 5 + 32 },
  "mg/dL": { to: "mg/dL", convert: (v) => v },
  "mmol/L": { to: "mg/dL", convert: (v) => v * 18 },
};

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export type NumberSpec = Extract<AnswerSpec, { kind: "number" }>;
/**
 * `alternatives`: several plausible readings in one reply ("45 then 90 after juice"). They are real
 * readings, so the judge evaluates each and keeps the most concerning instead of re-asking.
 */
export type NumberParse = ParseResult & { implausible?: boolean; alternatives?: ParsedValue[] };

function toCanonical(n: NumberToken, spec: NumberSpec): ParsedValue & { kind: "number" } {
  // 34-43 "degrees" can only be Celsius (Spanish-speaking patients often write "38 grados").
  const celsius = spec.unit === "F" && n.unit !== "C" && n.value >= 34 && n.value <= 43;
  // A glucose with decimals under 35 is mmol/L ("4.2", "5,5"): no meter shows tenths of mg/dL.
  const mmol = spec.unit === "mg/dL" && n.unit === undefined && !Number.isInteger(n.value) && n.value < 35;
  const unit = celsius ? "C" : mmol ? "mmol/L" : (n.unit ?? spec.unit);
  const conv = TO_CANONICAL[unit];
  const value = round1(conv.convert(n.value));
  return unit === spec.unit
    ? { kind: "number", value, unit: spec.unit }
    : { kind: "number", value, unit: spec.unit, raw: n.value, rawUnit: unit };
}

/**
 * A measurement. Numbers with a unit the question does not accept are ignored ("2 lbs more" is not a
 * temperature); among several numbers the single plausible one is taken ("185 lbs, up 3 from yesterday").
 */
export function parseNumber(
  tokens: readonly string[],
  spec: NumberSpec,
  raw: string,
  last?: number,
): NumberParse {
  if (spec.meterWords) {
    const shown = meterDisplay(raw);
    if (shown) return meter(spec, shown);
  }
  let read = readNumbers(tokens).filter((n) => n.unit === undefined || spec.acceptedUnits.includes(n.unit));
  if (spec.ignorePastMentions) {
    const current = read.filter((n) => !mentionsPast(tokens, n.index));
    if (current.length > 0) read = current;
  }
  const candidates = read.map((n) => toCanonical(n, spec));
  const values = distinct(candidates.map((c) => c.value));
  if (values.length === 0) return { ok: false, why: "NO_ANSWER" };
  const plausible = candidates.filter((c) => isPlausible(c.value, spec, last));
  const plausibleValues = distinct(plausible.map((c) => c.value));
  if (plausibleValues.length === 1 && plausible[0]) return { ok: true, value: plausible[0] };
  if (plausibleValues.length > 1) return { ok: false, why: "AMBIGUOUS", alternatives: plausible };
  if (values.length > 1 || !candidates[0]) return { ok: false, why: "AMBIGUOUS" };
  return { ok: true, value: candidates[0], implausible: true };
}

const PAST = new Set([
  "yesterday",
  "was",
  "last",
  "ago",
  "before",
  "earlier",
  "ayer",
  "antes",
  "era",
  "pasada",
  "pasado",
  "anterior",
]);

// Words that end the reach of a past marker: "182 yesterday and 185 today" keeps 185 as today's.
const PAST_STOP = new Set([
  "and",
  "y",
  "then",
  "luego",
  "now",
  "today",
  "this",
  "hoy",
  "ahora",
  "este",
  "esta",
]);

const A_WEEK = new Set(["week", "semana"]);

/**
 * Earlier readings the reply itself names ("190 today, 186 yesterday", "ayer 186"), in the question's unit:
 * a week ago when "week"/"semana" is near, else a day ago (the closest, and so the most sensitive, reading
 * of "was", "before" or "yesterday"). Implausible values are left out.
 */
export function pastReadings(
  tokens: readonly string[],
  spec: NumberSpec,
): { value: number; daysAgo: number }[] {
  return readNumbers(tokens)
    .filter(
      (n) => (n.unit === undefined || spec.acceptedUnits.includes(n.unit)) && mentionsPast(tokens, n.index),
    )
    .map((n) => ({
      value: toCanonical(n, spec).value,
      daysAgo: nearby(tokens, n.index, (t) => A_WEEK.has(t)) ? 7 : 1,
    }))
    .filter((r) => isPlausible(r.value, spec));
}

function nearby(tokens: readonly string[], at: number, test: (t: string) => boolean): boolean {
  for (let k = Math.max(0, at - 3); k <= Math.min(tokens.length - 1, at + 4); k++) {
    const t = tokens[k];
    if (t !== undefined && test(t)) return true;
  }
  return false;
}

/** A past-time word near the number in its clause: two tokens before or four after ("was 190 last week"). */
function mentionsPast(tokens: readonly string[], at: number): boolean {
  for (const dir of [-1, 1]) {
    for (let k = 1; k <= (dir < 0 ? 2 : 4); k++) {
      const t = tokens[at + dir * k];
      if (t === undefined || t === BOUNDARY || PAST_STOP.has(t)) break;
      if (PAST.has(t)) return true;
    }
  }
  return false;
}

// Meters print "LO"/"HI" in capitals; lower-case "hi" is far more likely a greeting, so it needs "says hi".
function meterDisplay(raw: string): "LO" | "HI" | null {
  const m = /\b(LO|HI)\b/.exec(raw) ?? /\b(?:says|reads|shows|dice|marca)\s+(lo|hi)\b/i.exec(raw);
  const v = m?.[1]?.toUpperCase();
  return v === "LO" || v === "HI" ? v : null;
}

function meter(spec: NumberSpec, which: "LO" | "HI"): NumberParse {
  const m = spec.meterWords;
  const value = which === "LO" ? (m?.lo ?? 0) : (m?.hi ?? 0);
  return { ok: true, value: { kind: "number", value, unit: spec.unit, meter: which } };
}

export function isPlausible(value: number, spec: NumberSpec, last?: number): boolean {
  const p = spec.plausible;
  if (value < p.min || value > p.max) return false;
  return p.maxJump === undefined || last === undefined || Math.abs(value - last) < p.maxJump;
}
