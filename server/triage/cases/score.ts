import { judgeReply } from "../judge.js";
import { EMERGENCY_EN } from "./emergency-en.js";
import { EMERGENCY_ES } from "./emergency-es.js";
import type { KindCase } from "./kinds.js";
import { PARSERS_EN } from "./parsers-en.js";
import { PARSERS_ES } from "./parsers-es.js";

export const ALL_KIND_CASES: readonly KindCase[] = [
  ...EMERGENCY_EN,
  ...EMERGENCY_ES,
  ...PARSERS_EN,
  ...PARSERS_ES,
];

const RANK = { UNPARSEABLE: -1, NONE: 0, ROUTINE: 1, URGENT: 2, EMERGENT: 3 } as const;

export interface CaseScore {
  got: KindCase["expect"];
  reason?: string;
  pass: boolean;
  under: boolean;
  over: boolean;
}

export function scoreCase(c: KindCase): CaseScore {
  const r = judgeReply({ ...c, language: c.lang });
  const got = r.outcome === "UNPARSEABLE" ? "UNPARSEABLE" : r.severity;
  const reason = r.outcome === "ANSWER" ? r.reasonCode : undefined;
  const pass = got === c.expect && (!c.reason || c.reason === reason);
  return {
    got,
    ...(reason ? { reason } : {}),
    pass,
    under: RANK[got] < RANK[c.expect],
    over: RANK[got] > RANK[c.expect],
  };
}

export interface KindRow {
  kind: string;
  en: number;
  es: number;
  passed: number;
  under: number;
  over: number;
}

/** Counts by kind and language, with passes and under/over-triage (the closing note quotes this). */
export function scoreTables(cases: readonly KindCase[] = ALL_KIND_CASES): KindRow[] {
  const rows = new Map<string, KindRow>();
  for (const c of cases) {
    const row = rows.get(c.kind) ?? { kind: c.kind, en: 0, es: 0, passed: 0, under: 0, over: 0 };
    const s = scoreCase(c);
    row[c.lang]++;
    if (s.pass) row.passed++;
    if (s.under) row.under++;
    if (s.over) row.over++;
    rows.set(c.kind, row);
  }
  return [...rows.values()];
}
