import type { ProtocolDefinition, RuleDef, Topic } from "../../triage/index.js";

type Condition = RuleDef["when"];

export interface ReferenceLine {
  label: string;
  value: number;
}

export interface ProtocolLines {
  /** Weight gains the rules act on, in lb: `{ windowDays, lb }` (e.g. 1 day > 2 lb, 7 days >= 5 lb). */
  weightGains: { windowDays: number; lb: number }[];
  glucose: { low: number[]; high: number[] };
  fever: number[];
}

function walk(c: Condition, visit: (c: Condition) => void) {
  visit(c);
  if (c.kind === "all" || c.kind === "any_of") for (const sub of c.of) walk(sub, visit);
}

function conditionsFor(protocol: ProtocolDefinition, topic: Topic): Condition[] {
  const out: Condition[] = [];
  for (const rule of protocol.rules) {
    if (rule.severity === "NONE" || rule.appliesTo === "ANY_REPLY" || !rule.appliesTo.includes(topic))
      continue;
    walk(rule.when, (c) => out.push(c));
  }
  return out;
}

const uniqSorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

/**
 * The lines a nurse compares a patient's readings with, read from the rules of the episode's
 * protocol version (not restated here), so a new protocol version moves the lines with it.
 */
export function protocolLines(protocol: ProtocolDefinition): ProtocolLines {
  const weightGains = conditionsFor(protocol, "hf_weight").flatMap((c) =>
    c.kind === "weight_change" && c.direction === "gain" ? [{ windowDays: c.windowDays, lb: c.lb }] : [],
  );
  const glucose = { low: [] as number[], high: [] as number[] };
  for (const c of conditionsFor(protocol, "dm_glucose")) {
    if (c.kind !== "number") continue;
    if (c.op === "lt" || c.op === "lte") glucose.low.push(c.value);
    else glucose.high.push(c.value);
  }
  const fever = conditionsFor(protocol, "pna_temperature").flatMap((c) =>
    c.kind === "number" && (c.op === "gt" || c.op === "gte") ? [c.value] : [],
  );
  return {
    weightGains: weightGains.sort((a, b) => a.windowDays - b.windowDays),
    glucose: { low: uniqSorted(glucose.low), high: uniqSorted(glucose.high) },
    fever: uniqSorted(fever),
  };
}

/** Weight lines drawn from the episode's first weight: baseline, then baseline + each gain the rules act on. */
export function weightLines(lines: ProtocolLines, baseline: number | null): ReferenceLine[] {
  if (baseline === null) return [];
  return [
    { label: `Baseline ${baseline} lb`, value: baseline },
    ...lines.weightGains.map((g) => ({
      label: `+${g.lb} lb (${g.windowDays === 1 ? "a day" : g.windowDays === 7 ? "a week" : `${g.windowDays} days`})`,
      value: Math.round((baseline + g.lb) * 10) / 10,
    })),
  ];
}

export function glucoseLines(lines: ProtocolLines): ReferenceLine[] {
  const low = lines.glucose.low;
  return [
    ...low.map((v, i) => ({ label: `${i === 0 && low.length > 1 ? "Severe low" : "Low"} ${v}`, value: v })),
    ...lines.glucose.high.map((v) => ({ label: `High ${v}`, value: v })),
  ];
}

export function feverLines(lines: ProtocolLines): ReferenceLine[] {
  return lines.fever.map((v) => ({ label: `Fever ${v} °F`, value: v }));
}
