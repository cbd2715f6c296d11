import type { EmergencyDetection } from "./emergency.js";
import type { CompareOp, Condition, History, JudgeContext, ParsedValue, PhraseList } from "./model/types.js";
import { parseNumber } from "./parse-number.js";
import { compilePhrases, findPhrases } from "./text.js";

export interface Threshold {
  op: CompareOp;
  value: number;
  unit?: string;
  /** For trend rules: the earlier weight the reply was compared with. */
  comparedTo?: { daysAgo: number; lb: number };
}

/** Why a condition held; becomes the answer's threshold/explanation. */
export interface Evidence {
  threshold?: Threshold;
  detail?: string;
  matched?: string[];
}

export interface EvalInput {
  parsed: ParsedValue | null;
  implausible: boolean;
  tokens: readonly string[];
  emergency: EmergencyDetection;
  optOut: boolean;
  history: History;
  context: JudgeContext;
}

export function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
  }
}

const phraseCache = new WeakMap<PhraseList, ReturnType<typeof compilePhrases>>();

function phrasesEvidence(list: PhraseList, tokens: readonly string[], anyPolarity = false): Evidence | null {
  let compiled = phraseCache.get(list);
  if (!compiled) {
    compiled = compilePhrases(list);
    phraseCache.set(list, compiled);
  }
  const hits = findPhrases(tokens, compiled).filter((m) => anyPolarity || !m.negated);
  return hits.length > 0 ? { matched: hits.map((m) => m.phrase) } : null;
}

/**
 * Trend vs earlier weights with 0 < daysAgo <= windowDays: a gain is measured from the lowest of them,
 * a loss from the highest, so a slow climb over the week is caught as well as an overnight jump.
 */
function weightChange(
  c: Extract<Condition, { kind: "weight_change" }>,
  lb: number,
  h: History,
): Evidence | null {
  const window = (h.weights ?? []).filter((w) => w.daysAgo > 0 && w.daysAgo <= c.windowDays);
  if (window.length === 0) return null;
  const ref = window.reduce((best, w) =>
    c.direction === "gain" ? (w.lb < best.lb ? w : best) : w.lb > best.lb ? w : best,
  );
  const delta = Math.round((c.direction === "gain" ? lb - ref.lb : ref.lb - lb) * 10) / 10;
  if (!compare(delta, c.op, c.lb)) return null;
  return {
    threshold: { op: c.op, value: c.lb, unit: "lb", comparedTo: { daysAgo: ref.daysAgo, lb: ref.lb } },
    detail: `${c.direction} of ${delta} lb vs ${ref.lb} lb ${ref.daysAgo} day(s) ago`,
  };
}

/** Any plausible reading in the text that compares wins: where two readings disagree, the concerning one counts. */
function readingInText(
  c: Extract<Condition, { kind: "reading_in_text" }>,
  tokens: readonly string[],
): Evidence | null {
  const mention = phrasesEvidence(c.mention, tokens, true);
  if (!mention) return null;
  const parse = parseNumber(tokens, c.spec, "");
  const readings = parse.alternatives ?? (parse.ok && !parse.implausible ? [parse.value] : []);
  for (const r of readings) {
    if (r.kind === "number" && compare(r.value, c.op, c.value)) {
      return {
        threshold: { op: c.op, value: c.value, unit: r.unit },
        detail: `reading of ${r.value} ${r.unit} in the text`,
        matched: mention.matched,
      };
    }
  }
  return null;
}

/** Evidence when the condition holds, null when it does not. Answer conditions never hold for implausible values. */
export function evaluate(c: Condition, input: EvalInput): Evidence | null {
  const p = input.parsed;
  const usable = p !== null && !input.implausible;
  switch (c.kind) {
    case "any":
      return usable ? {} : null;
    case "yes":
    case "no":
      return usable && p.kind === "yes_no" && p.value === (c.kind === "yes") ? {} : null;
    case "option_in":
      return usable && p.kind === "option" && c.options.includes(p.value) ? {} : null;
    case "number":
      return usable && p.kind === "number" && compare(p.value, c.op, c.value)
        ? { threshold: { op: c.op, value: c.value, unit: p.unit } }
        : null;
    case "weight_change":
      return usable && p.kind === "number" ? weightChange(c, p.value, input.history) : null;
    case "implausible":
      return p !== null && input.implausible ? { detail: "value outside the plausible range" } : null;
    case "context_nonempty":
      return (input.context[c.key]?.length ?? 0) > 0 ? {} : null;
    case "all": {
      const parts = c.of.map((sub) => evaluate(sub, input));
      return parts.every((e) => e !== null) ? Object.assign({}, ...parts) : null;
    }
    case "any_of": {
      for (const sub of c.of) {
        const e = evaluate(sub, input);
        if (e) return e;
      }
      return null;
    }
    case "emergency_words":
      return input.emergency.emergent ? { matched: input.emergency.matches.map((m) => m.phrase) } : null;
    case "phrases":
      return phrasesEvidence(c.phrases, input.tokens, c.anyPolarity === true);
    case "opt_out_request":
      return input.optOut ? {} : null;
    case "reading_in_text":
      return readingInText(c, input.tokens);
  }
}
