import type { Evidence, Threshold } from "./evaluate.js";
import type { ParsedValue, PatientReplyKind, ProtocolId, RuleDef, Severity, Topic } from "./model/types.js";
import { SEVERITY_POLICY, type SeverityPolicy, severityRank, slaFor } from "./severity.js";

/** The nurse-task clock for this severity; warnAt/dueAt only when the caller passed receivedAt. */
export type Sla = Pick<SeverityPolicy, "taskPriority" | "dueInMinutes" | "warnBeforeMinutes"> & {
  warnAt?: Date;
  dueAt?: Date;
};

export interface AnswerJudgement {
  outcome: "ANSWER";
  protocol: ProtocolId;
  protocolVersion: number;
  topic: Topic;
  severity: Severity;
  reasonCode: string;
  ruleId: string;
  ruleVersion: number;
  parsedValue: ParsedValue | null;
  threshold?: Threshold;
  explanation: string;
  /** Suggested nurse action. */
  action: string;
  /** What the patient is told at once (a template key for the messaging layer). */
  patientReply: PatientReplyKind;
  sla: Sla;
  /** Other rules that also fired above NONE (e.g. an opt-out request beside a weight gain). */
  alsoMatched: { ruleId: string; reasonCode: string; severity: Severity }[];
}

export interface UnparseableJudgement {
  outcome: "UNPARSEABLE";
  protocol: ProtocolId;
  protocolVersion: number;
  topic: Topic;
  reason: "NO_ANSWER" | "AMBIGUOUS" | "OUT_OF_RANGE" | "IMPLAUSIBLE_VALUE";
  /** Send this to the patient; the caller then passes reaskCount + 1 with the next reply. */
  reaskText: string;
  reaskNumber: number;
  parsedValue: ParsedValue | null;
}

export type Judgement = AnswerJudgement | UnparseableJudgement;

export class TriageInputError extends Error {
  readonly code = "TOPIC_NOT_IN_PROTOCOL";
}

export type Hit = { rule: RuleDef; evidence: Evidence; order: number };

/** Highest severity wins; for equal severity the rule listed first in the protocol. */
export function best(hits: Hit[]): Hit | undefined {
  return hits.reduce<Hit | undefined>((b, h) => {
    if (!b) return h;
    const d = severityRank(h.rule.severity) - severityRank(b.rule.severity);
    return d > 0 || (d === 0 && h.order < b.order) ? h : b;
  }, undefined);
}

export function describeParsed(p: ParsedValue | null): string {
  if (!p) return "not understood";
  switch (p.kind) {
    case "yes_no":
      return p.value ? "YES" : "NO";
    case "option":
      return `option ${p.value}`;
    case "number": {
      const shown = p.meter ? `meter ${p.meter}` : `${p.value} ${p.unit}`;
      return p.rawUnit ? `${shown} (from ${p.raw} ${p.rawUnit})` : shown;
    }
    case "text":
      return "free text";
  }
}

export function answer(
  base: { protocol: ProtocolId; protocolVersion: number; topic: Topic; receivedAt?: Date },
  hit: { rule: RuleDef; evidence: Evidence },
  parsed: ParsedValue | null,
  others: Hit[],
): AnswerJudgement {
  const { rule, evidence } = hit;
  const policy = SEVERITY_POLICY[rule.severity];
  const times = base.receivedAt ? slaFor(rule.severity, base.receivedAt) : null;
  const extra = [
    evidence.detail,
    evidence.matched?.length ? `matched: ${evidence.matched.join(", ")}` : undefined,
  ];
  const parsedValue =
    parsed?.kind === "text" ? { kind: "text" as const, matched: evidence.matched ?? [] } : parsed;
  return {
    outcome: "ANSWER",
    protocol: base.protocol,
    protocolVersion: base.protocolVersion,
    topic: base.topic,
    severity: rule.severity,
    reasonCode: rule.reasonCode,
    ruleId: rule.id,
    ruleVersion: rule.version,
    parsedValue,
    ...(evidence.threshold ? { threshold: evidence.threshold } : {}),
    explanation: [`${rule.description} Reply read as ${describeParsed(parsed)}`, ...extra]
      .filter(Boolean)
      .join("; "),
    action: rule.action,
    patientReply: rule.patientReply ?? policy.patientReply,
    sla: {
      taskPriority: policy.taskPriority,
      dueInMinutes: policy.dueInMinutes,
      warnBeforeMinutes: policy.warnBeforeMinutes,
      ...times,
    },
    alsoMatched: others
      .filter((o) => o.rule !== rule && o.rule.severity !== "NONE")
      .map((o) => ({ ruleId: o.rule.id, reasonCode: o.rule.reasonCode, severity: o.rule.severity })),
  };
}
