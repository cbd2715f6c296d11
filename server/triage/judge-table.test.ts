import { describe, expect, it } from "vitest";
import { judgeReply } from "./judge.js";
import { GENERAL_CASES, type JudgeCase } from "./judge-cases.js";
import { CONDITION_CASES } from "./judge-cases-conditions.js";
import { SPANISH_CASES } from "./judge-cases-es.js";

function outcomeOf(c: JudgeCase): { expect: string; reason?: string } {
  const r = judgeReply({ ...c, language: "en" });
  if (r.outcome === "UNPARSEABLE") return { expect: "UNPARSEABLE" };
  return { expect: r.severity, reason: r.reasonCode };
}

const tables: [string, JudgeCase[]][] = [
  ["general questions and free text (EN)", GENERAL_CASES],
  ["condition questions (EN)", CONDITION_CASES],
  ["Spanish replies", SPANISH_CASES],
];

describe.each(tables)("%s", (_name, cases) => {
  it.each(cases.map((c) => [`${c.protocol}/${c.topic}: ${JSON.stringify(c.reply)}`, c] as const))(
    "%s",
    (_t, c) => {
      const got = outcomeOf(c);
      expect(got.expect).toBe(c.expect);
      if (c.reason) expect(got.reason).toBe(c.reason);
    },
  );
});

describe("case tables", () => {
  it("hold at least 150 replies covering every topic", () => {
    const all = tables.flatMap(([, cases]) => cases);
    expect(all.length).toBeGreaterThanOrEqual(150);
    const topics = new Set(all.map((c) => c.topic));
    expect(topics.size).toBe(14);
  });
});
