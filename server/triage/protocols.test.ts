import { describe, expect, it } from "vitest";
import type {
  Protocol as PrismaProtocol,
  Severity as PrismaSeverity,
  TaskPriority as PrismaTaskPriority,
} from "../db/generated/enums.js";
import {
  type ProtocolId,
  ProtocolSchema,
  type Severity,
  type TaskPriority,
  TopicSchema,
} from "./model/types.js";
import { QUESTIONS } from "./protocols/questions.js";
import { getProtocol, listProtocols, PROTOCOL_DISCLAIMER } from "./protocols/registry.js";

// Compile-time: the zod enums must equal the Prisma enums in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const enumsMatch: [
  Same<ProtocolId, PrismaProtocol>,
  Same<Severity, PrismaSeverity>,
  Same<TaskPriority, PrismaTaskPriority>,
] = [true, true, true];

// Minimum necessary: outbound texts must not name drugs or diagnoses.
const FORBIDDEN =
  /heart failure|copd|pneumonia|diabet|insulin|nitroglycerin|diuretic|warfarin|lasix|furosemide|insuficiencia|neumon/i;

describe("protocol data", () => {
  it("matches the Prisma enums", () => {
    expect(enumsMatch).toEqual([true, true, true]);
  });

  it("defines every protocol, starting with red flags and ending with medications and follow-up", () => {
    for (const id of ProtocolSchema.options) {
      const topics = getProtocol(id).questions.map((q) => q.topic);
      expect(topics[0]).toBe("red_flags");
      expect(topics.slice(-2)).toEqual(["medications", "followup"]);
    }
    expect(getProtocol("HF").questions.map((q) => q.topic)).toEqual([
      "red_flags",
      "hf_weight",
      "hf_breathing",
      "hf_swelling",
      "medications",
      "followup",
    ]);
  });

  it("has EN and ES text for every question, without drug or diagnosis names", () => {
    for (const topic of TopicSchema.options) {
      const q = QUESTIONS[topic];
      expect(q.text.en.length).toBeGreaterThan(10);
      expect(q.text.es.length).toBeGreaterThan(10);
      expect(q.text.en).not.toMatch(FORBIDDEN);
      expect(q.text.es).not.toMatch(FORBIDDEN);
    }
  });

  it("gives option questions 1..N and lists every option number in the SMS text", () => {
    for (const topic of TopicSchema.options) {
      const a = QUESTIONS[topic].answer;
      if (a.kind !== "option") continue;
      expect(a.options.map((o) => o.value)).toEqual(a.options.map((_, i) => i + 1));
      for (const o of a.options) expect(QUESTIONS[topic].text.en).toContain(`${o.value} ${o.label.en}`);
    }
  });

  it("has unique rule ids with integer versions and a rule for every question", () => {
    for (const id of ProtocolSchema.options) {
      const p = getProtocol(id);
      const ids = p.rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of p.rules) expect(Number.isInteger(r.version) && r.version > 0).toBe(true);
      for (const q of p.questions) {
        expect(p.rules.some((r) => r.appliesTo !== "ANY_REPLY" && r.appliesTo.includes(q.topic))).toBe(true);
      }
    }
  });

  it("returns a published version and rejects an unknown one", () => {
    expect(getProtocol("DM", 1).version).toBe(1);
    expect(() => getProtocol("DM", 4)).toThrow(/No protocol DM version 4/);
  });

  it("lists every protocol for the admin viewer with the demo disclaimer", () => {
    const list = listProtocols();
    expect(list.map((p) => p.id).sort()).toEqual([...ProtocolSchema.options].sort());
    for (const p of list) {
      expect(p.disclaimer).toBe(PROTOCOL_DISCLAIMER);
      expect(p.rules.every((r) => r.description.length > 10 && r.action.length > 5)).toBe(true);
    }
    expect(PROTOCOL_DISCLAIMER).toMatch(/not medical advice/);
  });
});
