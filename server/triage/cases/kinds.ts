import type { History, JudgeContext, ProtocolId, Severity, Topic } from "../model/types.js";

/** Kinds of messy reply from issue #10; the scorer counts the tables by kind and language. */
export type CaseKind =
  | "emergency:overdose"
  | "emergency:self-harm"
  | "emergency:caregiver"
  | "emergency:chest"
  | "emergency:radiating-pain"
  | "emergency:cyanosis"
  | "emergency:breathing"
  | "emergency:syncope-neuro-bleeding"
  | "negation"
  | "echoed-number"
  | "range-doubt"
  | "number-words"
  | "option-description"
  | "hedged-yes-no"
  | "units"
  | "medication-named"
  | "protocol-free-text"
  | "typo-texting-emoji";

export interface KindCase {
  kind: CaseKind;
  lang: "en" | "es";
  protocol: ProtocolId;
  topic: Topic;
  reply: string;
  expect: Severity | "UNPARSEABLE";
  reason?: string;
  history?: History;
  context?: JudgeContext;
}

// Emergencies are asked inside every kind of answer: the detector runs first whatever the question.
const SLOTS: readonly [ProtocolId, Topic][] = [
  ["HF", "hf_weight"],
  ["GENERAL", "medications"],
  ["COPD", "copd_mucus"],
  ["DM", "dm_glucose"],
  ["GENERAL", "followup"],
  ["PNA", "pna_temperature"],
  ["AMI", "ami_chest_pain"],
  ["THA_TKA", "postop_wound"],
  ["HF", "hf_breathing"],
  ["GENERAL", "free_text"],
  ["COPD", "copd_breathing"],
  ["HF", "red_flags"],
];

/** Each reply is EMERGENT whatever question it answers; the question rotates through SLOTS. */
export function emergencies(kind: CaseKind, lang: "en" | "es", replies: readonly string[]): KindCase[] {
  return replies.map((reply, i) => {
    const [protocol, topic] = SLOTS[i % SLOTS.length] ?? ["GENERAL", "free_text"];
    return { kind, lang, protocol, topic, reply, expect: "EMERGENT" };
  });
}

type Extra = Pick<KindCase, "history" | "context">;

/** A case builder bound to one kind and language: k(protocol, topic, reply, expect, reason?, extra?). */
export function kindOf(kind: CaseKind, lang: "en" | "es") {
  return (
    protocol: ProtocolId,
    topic: Topic,
    reply: string,
    expect: KindCase["expect"],
    reason?: string,
    extra: Extra = {},
  ): KindCase => ({ kind, lang, protocol, topic, reply, expect, ...(reason ? { reason } : {}), ...extra });
}

export function lastWeight(daysAgo: number, lb: number): { history: History } {
  return { history: { weights: [{ daysAgo, lb }] } };
}
