import { detectEmergencyTokens, detectOptOutTokens } from "./emergency.js";
import { type EvalInput, type Evidence, evaluate, type Threshold } from "./evaluate.js";
import { type NumberParse, parseNumber, parseOption, parseYesNo } from "./parse.js";
import { QUESTIONS } from "./protocols/questions.js";
import { getProtocol } from "./protocols/registry.js";
import { REASK_EXHAUSTED_RULE } from "./protocols/rules-general.js";
import { IMPLAUSIBLE_REASK_LIMIT, REASK_LIMIT, reaskText } from "./reask.js";
import { SEVERITY_POLICY, type SeverityPolicy, severityRank, slaFor } from "./severity.js";
import { normalize } from "./text.js";
import type {
  History,
  JudgeInput,
  Lang,
  ParsedValue,
  PatientReplyKind,
  ProtocolId,
  QuestionDef,
  RuleDef,
  Severity,
  Topic,
} from "./types.js";

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

type Hit = { rule: RuleDef; evidence: Evidence; order: number };

function latestWeight(h: History): number | undefined {
  const ws = [...(h.weights ?? [])].sort((a, b) => a.daysAgo - b.daysAgo);
  return ws[0]?.lb;
}

function parseFor(q: QuestionDef, tokens: string[], raw: string, history: History): NumberParse {
  switch (q.answer.kind) {
    case "yes_no":
      return parseYesNo(tokens, q.answer.yesHints);
    case "option":
      return parseOption(tokens, q.answer);
    case "number":
      return parseNumber(tokens, q.answer, raw, q.topic === "hf_weight" ? latestWeight(history) : undefined);
    case "free_text":
      return { ok: true, value: { kind: "text", matched: [] } };
  }
}

function applies(rule: RuleDef, topic: Topic): boolean {
  return rule.appliesTo === "ANY_REPLY" || rule.appliesTo.includes(topic);
}

function best(hits: Hit[]): Hit | undefined {
  return hits.reduce<Hit | undefined>((b, h) => {
    if (!b) return h;
    const d = severityRank(h.rule.severity) - severityRank(b.rule.severity);
    return d > 0 || (d === 0 && h.order < b.order) ? h : b;
  }, undefined);
}

function describeParsed(p: ParsedValue | null): string {
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

function answer(
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

interface Scan {
  rules: readonly RuleDef[];
  topic: Topic;
  base: Omit<EvalInput, "parsed" | "implausible">;
  skipImplausibleRule: boolean;
}

function collectHits(scan: Scan, parsed: ParsedValue | null, implausible: boolean): Hit[] {
  const hits: Hit[] = [];
  const input: EvalInput = { ...scan.base, parsed, implausible };
  scan.rules.forEach((rule, order) => {
    if (!applies(rule, scan.topic)) return;
    if (scan.skipImplausibleRule && rule.when.kind === "implausible") return;
    const evidence = evaluate(rule.when, input);
    if (evidence) hits.push({ rule, evidence, order });
  });
  return hits;
}

/** Several readings in one reply: judge each, keep the most concerning (ties: the first reading). */
function judgeAlternatives(
  scan: Scan,
  alternatives: ParsedValue[],
): { hit: Hit; parsed: ParsedValue; hits: Hit[] } | null {
  let chosen: { hit: Hit; parsed: ParsedValue; hits: Hit[] } | null = null;
  for (const alt of alternatives) {
    const hits = collectHits(scan, alt, false);
    const hit = best(hits);
    if (hit && (!chosen || severityRank(hit.rule.severity) > severityRank(chosen.hit.rule.severity))) {
      chosen = { hit, parsed: alt, hits };
    }
  }
  if (!chosen) return null;
  const shown = alternatives.map(describeParsed).join(", ");
  const detail = [chosen.hit.evidence.detail, `several readings (${shown}); judged the most concerning`];
  const evidence = { ...chosen.hit.evidence, detail: detail.filter(Boolean).join("; ") };
  return { ...chosen, hit: { ...chosen.hit, evidence } };
}

/**
 * Judges one reply to one question. Pure: no clock, no I/O; history and context come from the caller.
 * Emergency words and plain-language opt-out requests are checked on every reply, whatever the topic.
 */
export function judgeReply(input: JudgeInput): Judgement {
  const proto = getProtocol(input.protocol, input.protocolVersion);
  const lang: Lang = input.language?.toLowerCase() === "es" ? "es" : "en";
  const topic = input.topic;
  const question =
    topic === "free_text" ? QUESTIONS.free_text : proto.questions.find((q) => q.topic === topic);
  if (!question)
    throw new TriageInputError(`Topic ${topic} is not part of protocol ${proto.id} v${proto.version}`);
  const history = input.history ?? {};
  const reaskCount = input.reaskCount ?? 0;
  const tokens = normalize(input.reply);
  const parse = parseFor(question, tokens, input.reply, history);
  const parsed = parse.ok ? parse.value : null;
  const implausible = parse.ok && parse.implausible === true;
  const scan: Scan = {
    rules: proto.rules,
    topic,
    base: {
      tokens,
      emergency: detectEmergencyTokens(tokens),
      optOut: detectOptOutTokens(tokens),
      history,
      context: input.context ?? {},
    },
    skipImplausibleRule: implausible && reaskCount < IMPLAUSIBLE_REASK_LIMIT,
  };
  const base = {
    protocol: proto.id,
    protocolVersion: proto.version,
    topic,
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
  };
  const multi = parse.alternatives?.length ? judgeAlternatives(scan, parse.alternatives) : null;
  if (multi) return answer(base, multi.hit, multi.parsed, multi.hits);
  const hits = collectHits(scan, parsed, implausible);
  const winner = best(hits);
  if (winner) return answer(base, winner, parsed, hits);
  if (!parse.ok && reaskCount >= REASK_LIMIT)
    return answer(base, { rule: REASK_EXHAUSTED_RULE, evidence: {} }, null, hits);
  return {
    outcome: "UNPARSEABLE",
    protocol: proto.id,
    protocolVersion: proto.version,
    topic,
    reason: parse.ok ? "IMPLAUSIBLE_VALUE" : parse.why,
    reaskText: reaskText(question.answer, lang, implausible),
    reaskNumber: reaskCount + 1,
    parsedValue: parsed,
  };
}
