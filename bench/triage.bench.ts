import { ALL_KIND_CASES } from "../server/triage/cases/score.js";
import { detectEmergency } from "../server/triage/emergency.js";
import { judgeReply } from "../server/triage/judge.js";
import { GENERAL_CASES } from "../server/triage/judge-cases.js";
import { CONDITION_CASES } from "../server/triage/judge-cases-conditions.js";
import { SPANISH_CASES } from "../server/triage/judge-cases-es.js";
import type { BenchResult } from "./types.js";

const CASES = [...GENERAL_CASES, ...CONDITION_CASES, ...SPANISH_CASES];

// Wall-clock is fine here: benches measure, they are not service code (server/lib/clock.ts rule).
function perSecond(rounds: number, work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return seconds > 0 ? rounds / seconds : 0;
}

/** Replies judged per second on one core (the table cases, EN and ES, every topic), plus the emergency scan. */
export async function run(): Promise<BenchResult[]> {
  const judged =
    perSecond(40, () => {
      for (const c of CASES) judgeReply(c);
    }) * CASES.length;
  const texts = CASES.map((c) => c.reply);
  const scanned =
    perSecond(40, () => {
      for (const t of texts) detectEmergency(t);
    }) * texts.length;
  // Messier replies (issue #10 kind tables: emergencies in other answers, typos, ranges, Spanish).
  const messy =
    perSecond(20, () => {
      for (const c of ALL_KIND_CASES) judgeReply({ ...c, language: c.lang });
    }) * ALL_KIND_CASES.length;
  const goal = 5_000;
  return [
    {
      group: "triage",
      name: "judgeReply (mixed table cases)",
      value: Math.round(judged),
      unit: "replies/s",
      goal: `> ${goal}`,
      ok: judged > goal,
    },
    { group: "triage", name: "detectEmergency (same texts)", value: Math.round(scanned), unit: "texts/s" },
    { group: "triage", name: "judgeReply (kind tables, messy)", value: Math.round(messy), unit: "replies/s" },
  ];
}
