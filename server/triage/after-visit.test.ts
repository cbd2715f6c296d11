import { describe, expect, it } from "vitest";
import { judgeReply } from "./judge.js";
import { getProtocol } from "./protocols/registry.js";

// The after-visit questions are judged by the same rules pipeline as a check-in's.
describe("after-visit questions", () => {
  it("every protocol version asks the same two sets", () => {
    for (const v of [1, 2, 3]) {
      const p = getProtocol("HF", v);
      expect(p.afterVisit["24H"].map((q) => q.topic)).toEqual(["visit_meds", "visit_plan"]);
      expect(p.afterVisit["1W"].map((q) => q.topic)).toEqual(["medications", "visit_plan"]);
    }
  });

  it.each([
    ["visit_meds", "1", "en", "NONE", "NO_CONCERN"],
    ["visit_meds", "no", "en", "NONE", "NO_CONCERN"],
    ["visit_meds", "3", "en", "ROUTINE", "VISIT_MED_ACCESS"],
    ["visit_meds", "yes but the pharmacy doesn't have them", "en", "ROUTINE", "VISIT_MED_ACCESS"],
    ["visit_meds", "sí, pero no las puedo conseguir", "es", "ROUTINE", "VISIT_MED_ACCESS"],
    ["visit_plan", "yes", "en", "NONE", "NO_CONCERN"],
    ["visit_plan", "2", "en", "ROUTINE", "VISIT_PLAN_UNCLEAR"],
    ["visit_plan", "no, I don't understand", "en", "ROUTINE", "VISIT_PLAN_UNCLEAR"],
    ["visit_plan", "no entiendo", "es", "ROUTINE", "VISIT_PLAN_UNCLEAR"],
  ] as const)("%s %j (%s) -> %s %s", (topic, reply, language, severity, reasonCode) => {
    const j = judgeReply({ protocol: "AMI", topic, reply, language });
    expect(j).toMatchObject({ outcome: "ANSWER", severity, reasonCode });
  });

  it("an emergency said to an after-visit question is still an emergency", () => {
    const j = judgeReply({ protocol: "HF", topic: "visit_plan", reply: "yes but I have chest pain now" });
    expect(j).toMatchObject({ severity: "EMERGENT" });
  });
});
