import { describe, expect, it } from "vitest";
import { judgeReply, TriageInputError } from "./judge.js";
import type { History } from "./model/types.js";
import { UnknownProtocolError } from "./protocols/registry.js";
import { REASK_LIMIT, reaskPolicy } from "./reask.js";

const hf = (reply: string, history?: History, reaskCount?: number) =>
  judgeReply({
    protocol: "HF",
    topic: "hf_weight",
    reply,
    ...(history ? { history } : {}),
    ...(reaskCount ? { reaskCount } : {}),
  });
const w = (...pairs: [number, number][]): History => ({
  weights: pairs.map(([daysAgo, lb]) => ({ daysAgo, lb })),
});

describe("HF weight history rules", () => {
  it("gain > 2 lb since yesterday is URGENT and reports what it compared", () => {
    const r = hf("185 lbs", w([1, 182]));
    expect(r).toMatchObject({
      outcome: "ANSWER",
      severity: "URGENT",
      reasonCode: "HF_WEIGHT_GAIN",
      ruleId: "hf.weight.gain-1d",
      ruleVersion: 1,
    });
    if (r.outcome !== "ANSWER") return;
    expect(r.threshold).toEqual({ op: "gt", value: 2, unit: "lb", comparedTo: { daysAgo: 1, lb: 182 } });
    expect(r.parsedValue).toEqual({ kind: "number", value: 185, unit: "lb" });
    expect(r.explanation).toContain("gain of 3 lb vs 182 lb");
  });

  it("exactly 2 lb overnight is not a gain; 2.1 lb is", () => {
    expect(hf("184", w([1, 182]))).toMatchObject({ severity: "NONE" });
    expect(hf("184.1", w([1, 182]))).toMatchObject({ severity: "URGENT", ruleId: "hf.weight.gain-1d" });
  });

  it(">= 5 lb within 7 days is URGENT even when each day is small, measured from the week's lowest", () => {
    const history = w([1, 184], [3, 182], [5, 181], [7, 180]);
    expect(hf("185", history)).toMatchObject({ severity: "URGENT", ruleId: "hf.weight.gain-7d" });
    expect(hf("184.9", history)).toMatchObject({ severity: "NONE" });
  });

  it("weights older than 7 days do not count toward the weekly gain", () => {
    expect(hf("186", w([1, 185], [8, 178]))).toMatchObject({ severity: "NONE" });
  });

  it("loss >= 2 lb within 2 days is ROUTINE; older losses are ignored", () => {
    expect(hf("180", w([2, 182]))).toMatchObject({
      severity: "ROUTINE",
      reasonCode: "HF_WEIGHT_LOSS",
      ruleId: "hf.weight.loss-2d",
    });
    expect(hf("180.5", w([2, 182]))).toMatchObject({ severity: "NONE" });
    expect(hf("178", w([3, 182]))).toMatchObject({ severity: "NONE" });
  });

  it("the overnight gain wins over a loss signal when both fire (higher severity)", () => {
    const r = hf("183", w([1, 180], [2, 186]));
    expect(r).toMatchObject({ severity: "URGENT", reasonCode: "HF_WEIGHT_GAIN" });
    if (r.outcome === "ANSWER")
      expect(r.alsoMatched).toEqual([
        { ruleId: "hf.weight.loss-2d", reasonCode: "HF_WEIGHT_LOSS", severity: "ROUTINE" },
      ]);
  });

  it("with no history a plausible weight is NONE", () => {
    expect(hf("185")).toMatchObject({ outcome: "ANSWER", severity: "NONE", ruleId: "hf.weight.stable" });
  });

  it("an implausible weight is re-asked once, then flagged DATA_QUALITY", () => {
    const first = hf("2150", w([1, 215]));
    expect(first).toMatchObject({ outcome: "UNPARSEABLE", reason: "IMPLAUSIBLE_VALUE", reaskNumber: 1 });
    if (first.outcome === "UNPARSEABLE") expect(first.reaskText).toContain("scale");
    expect(hf("2150", w([1, 215]), 1)).toMatchObject({
      outcome: "ANSWER",
      severity: "ROUTINE",
      reasonCode: "DATA_QUALITY",
    });
  });

  it("a 30+ lb jump vs the most recent weight is implausible, not a gain", () => {
    expect(hf("215", w([1, 185], [2, 215]))).toMatchObject({
      outcome: "UNPARSEABLE",
      reason: "IMPLAUSIBLE_VALUE",
    });
    expect(hf("214", w([1, 185]))).toMatchObject({
      outcome: "ANSWER",
      severity: "URGENT",
      reasonCode: "HF_WEIGHT_GAIN",
    });
  });
});

describe("re-ask policy", () => {
  it("re-asks twice, then hands to a nurse", () => {
    expect(REASK_LIMIT).toBe(2);
    expect(reaskPolicy(0)).toEqual({ action: "REASK", reaskNumber: 1 });
    expect(reaskPolicy(1)).toEqual({ action: "REASK", reaskNumber: 2 });
    expect(reaskPolicy(2)).toEqual({ action: "HAND_TO_NURSE" });
    const ask = (reaskCount: number) =>
      judgeReply({ protocol: "HF", topic: "hf_breathing", reply: "blah", reaskCount });
    expect(ask(0)).toMatchObject({
      outcome: "UNPARSEABLE",
      reaskText: "Sorry, please reply with a number 1-4",
      reaskNumber: 1,
    });
    expect(ask(1)).toMatchObject({ outcome: "UNPARSEABLE", reaskNumber: 2 });
    expect(ask(2)).toMatchObject({
      outcome: "ANSWER",
      severity: "ROUTINE",
      reasonCode: "REPLY_NOT_UNDERSTOOD",
    });
  });

  it("re-asks in the patient's language and in the question's answer kind", () => {
    const es = judgeReply({ protocol: "HF", topic: "hf_breathing", reply: "?", language: "es" });
    expect(es).toMatchObject({ reaskText: "Perdón, por favor responda con un número del 1 al 4" });
    const yn = judgeReply({ protocol: "HF", topic: "hf_swelling", reply: "?", language: "ES" });
    expect(yn).toMatchObject({ reaskText: "Perdón, por favor responda SÍ o NO" });
    const copd = judgeReply({ protocol: "COPD", topic: "copd_breathing", reply: "?" });
    expect(copd).toMatchObject({ reaskText: "Sorry, please reply with a number 1-3" });
  });
});

describe("judgeReply", () => {
  it("stopping a medicine is URGENT only when a high-risk class is on the list", () => {
    const j = (highRiskMedClasses: string[]) =>
      judgeReply({ protocol: "HF", topic: "medications", reply: "3", context: { highRiskMedClasses } });
    expect(j(["anticoagulant"])).toMatchObject({ severity: "URGENT", reasonCode: "MED_STOPPED_HIGH_RISK" });
    expect(j([])).toMatchObject({ severity: "ROUTINE", reasonCode: "MED_STOPPED" });
  });

  it("chooses the patient reply by rule: 911 do-not-drive, 15-15 rule, cost resources", () => {
    const pr = (
      protocol: "AMI" | "DM" | "GENERAL",
      topic: "ami_chest_pain" | "dm_glucose" | "medications",
      reply: string,
    ) => {
      const r = judgeReply({ protocol, topic, reply });
      return r.outcome === "ANSWER" ? r.patientReply : null;
    };
    expect(pr("AMI", "ami_chest_pain", "3")).toBe("EMERGENCY_911_DO_NOT_DRIVE");
    expect(pr("DM", "dm_glucose", "65")).toBe("HYPOGLYCEMIA_15_15");
    expect(pr("DM", "dm_glucose", "45")).toBe("HYPOGLYCEMIA_SEVERE");
    expect(pr("GENERAL", "medications", "2")).toBe("MED_COST_RESOURCES");
    expect(pr("GENERAL", "medications", "1")).toBe("THANKS");
  });

  it("fills SLA times only from the caller's receivedAt", () => {
    const receivedAt = new Date("2026-05-01T12:00:00.000Z");
    const r = judgeReply({ protocol: "HF", topic: "hf_breathing", reply: "4", receivedAt });
    expect(r).toMatchObject({
      sla: {
        taskPriority: "URGENT",
        dueAt: new Date("2026-05-01T12:15:00.000Z"),
        warnAt: new Date("2026-05-01T12:10:00.000Z"),
      },
    });
    const none = judgeReply({ protocol: "HF", topic: "hf_breathing", reply: "1" });
    expect(none).toMatchObject({ sla: { taskPriority: null, dueInMinutes: null } });
    if (none.outcome === "ANSWER") expect(none.sla.dueAt).toBeUndefined();
  });

  it("a DM high threshold comes from protocol data and is reported", () => {
    const r = judgeReply({ protocol: "DM", topic: "dm_glucose", reply: "301" });
    if (r.outcome !== "ANSWER") throw new Error("expected an answer");
    expect(r.threshold).toEqual({ op: "gt", value: 300, unit: "mg/dL" });
  });

  it("does not treat medication answer 4 ('confused') as a DM emergency", () => {
    expect(judgeReply({ protocol: "DM", topic: "medications", reply: "4 confused" })).toMatchObject({
      severity: "ROUTINE",
      reasonCode: "MED_CONFUSION",
    });
  });

  it("rejects a topic outside the protocol and an unknown version", () => {
    expect(() => judgeReply({ protocol: "HF", topic: "dm_glucose", reply: "1" })).toThrow(TriageInputError);
    expect(() => judgeReply({ protocol: "HF", protocolVersion: 99, topic: "hf_weight", reply: "1" })).toThrow(
      UnknownProtocolError,
    );
  });

  it("accepts free text under every protocol", () => {
    for (const protocol of ["GENERAL", "HF", "COPD", "AMI", "PNA", "THA_TKA", "DM"] as const) {
      expect(judgeReply({ protocol, topic: "free_text", reply: "hello" })).toMatchObject({
        severity: "ROUTINE",
        reasonCode: "PATIENT_MESSAGE",
      });
    }
  });

  it("records matched emergency phrases in the parsed value of free text", () => {
    const r = judgeReply({
      protocol: "GENERAL",
      topic: "free_text",
      reply: "dolor de pecho y no puedo respirar",
    });
    expect(r).toMatchObject({
      severity: "EMERGENT",
      parsedValue: { kind: "text", matched: ["dolor de pecho", "no puedo respirar"] },
    });
  });
});
