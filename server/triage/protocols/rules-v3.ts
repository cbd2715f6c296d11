import type { PhraseList, ProtocolId, RuleDef, Topic } from "../model/types.js";
import { QUESTIONS } from "./questions.js";
import { ANY_REPLY_RULES_V2, V2_SOURCES } from "./rules-v2.js";

// Protocol version 3 of every protocol: emergency words also read overdoses by count or intent, more
// indirect self-harm, sudden one-sided numbness, the worst headache, a blow to the head, black or bloody
// stools and pink frothy sputum; DM reads a sugar reading said in free text or beside another answer.

export const ANY_REPLY_RULES_V3: readonly RuleDef[] = ANY_REPLY_RULES_V2.map((r) =>
  r.id === "general.emergency-words"
    ? {
        ...r,
        version: r.version + 1,
        description:
          "Emergency words anywhere in the text, EN/ES, negation-aware: chest pain or pressure, radiating " +
          "shoulder/neck/arm/jaw pain, can't breathe, blue or grey lips/fingertips, suicidal or indirect self-harm, " +
          "overdose (a bottle, a handful, ten or more pills, on purpose), a caregiver who cannot rouse the patient, " +
          "fainting, stroke signs (one-sided numbness, the worst headache, a blow to the head), heavy bleeding " +
          "(black or bloody stools, pink frothy sputum).",
      }
    : r,
);

const SUGAR: PhraseList = {
  en: ["sugar*", "glucose", "bs", "bg", "blood sugar", "meter", "reading"],
  es: ["azucar", "glucosa", "glicemia", "glucemia", "nivel"],
};
const GLUCOSE_SPEC = (() => {
  const a = QUESTIONS.dm_glucose.answer;
  if (a.kind !== "number") throw new Error("dm_glucose must be a number question");
  return a;
})();
// Every DM topic except the glucose question itself, whose own number rules read the reading.
const DM_TEXT_TOPICS: readonly Topic[] = ["free_text", "red_flags", "medications", "followup"];

function dmTextReadings(dmHigh: number): RuleDef[] {
  const rule = (
    id: string,
    op: "lt" | "gt",
    value: number,
    severity: RuleDef["severity"],
    reasonCode: string,
    description: string,
    action: string,
    patientReply?: RuleDef["patientReply"],
  ): RuleDef => ({
    id,
    version: 1,
    appliesTo: DM_TEXT_TOPICS,
    when: { kind: "reading_in_text", mention: SUGAR, spec: GLUCOSE_SPEC, op, value },
    severity,
    reasonCode,
    description,
    action,
    ...(patientReply ? { patientReply } : {}),
  });
  return [
    rule(
      "dm.free.severe-low",
      "lt",
      54,
      "EMERGENT",
      "DM_SEVERE_LOW",
      "A blood sugar below 54 mg/dL said in free text or beside another answer.",
      "Call now: confirm the 15-15 rule was followed; 911 if confused or not improving.",
      "HYPOGLYCEMIA_SEVERE",
    ),
    rule(
      "dm.free.low",
      "lt",
      70,
      "URGENT",
      "DM_LOW",
      "A blood sugar below 70 mg/dL said in free text or beside another answer.",
      "Call within 2 h: confirm the recheck after the 15-15 rule; review the insulin/medicine plan.",
      "HYPOGLYCEMIA_15_15",
    ),
    rule(
      "dm.free.high",
      "gt",
      dmHigh,
      "URGENT",
      "DM_HIGH",
      `A blood sugar above ${dmHigh} mg/dL said in free text or beside another answer.`,
      "Call within 2 h: ask about symptoms, fluids and missed doses; inform the prescriber.",
    ),
  ];
}

export const V3_SOURCES: readonly {
  id: ProtocolId;
  version: number;
  topics: readonly Topic[];
  rules: readonly RuleDef[];
}[] = V2_SOURCES.map((s) => ({
  ...s,
  version: 3,
  rules: s.id === "DM" ? [...s.rules, ...dmTextReadings(300)] : s.rules,
}));
