import {
  type AnswerJudgement,
  type JudgeInput,
  type Judgement,
  judgeReply,
  needsSecondReader,
  protocolSummary,
  questionText,
  SEVERITY_POLICY,
  type Severity,
  severityRank,
} from "../triage/index.js";
import { askReader, type FetchLike } from "./client.js";
import type { LlmReaderConfig } from "./config.js";
import { redactReply } from "./redact.js";

/** Which reader said what, for the answer's explanation and the task evidence. */
export type ReaderNote =
  | { reader: "rules"; outcome: "ANSWER"; severity: Severity; ruleId: string; ruleVersion: number }
  | { reader: "rules"; outcome: "UNPARSEABLE"; reason: string }
  | {
      reader: "llm";
      model: string;
      used: "FILLED_ANSWER" | "RAISED" | "AGREED" | "NOT_HIGHER" | "FAILED";
      severity?: Severity;
      answer?: string | null;
      error?: string;
    };

export interface ReadResult {
  judgement: Judgement;
  readers: ReaderNote[];
}

export const LLM_RULE_ID = "llm-reader.concern";

function rulesNote(j: Judgement): ReaderNote {
  return j.outcome === "ANSWER"
    ? {
        reader: "rules",
        outcome: "ANSWER",
        severity: j.severity,
        ruleId: j.ruleId,
        ruleVersion: j.ruleVersion,
      }
    : { reader: "rules", outcome: "UNPARSEABLE", reason: j.reason };
}

function raised(base: Judgement, severity: Severity, rationale: string, model: string): AnswerJudgement {
  const policy = SEVERITY_POLICY[severity];
  const below = base.outcome === "ANSWER" ? base : null;
  return {
    outcome: "ANSWER",
    protocol: base.protocol,
    protocolVersion: base.protocolVersion,
    topic: base.topic,
    severity,
    reasonCode: "LLM_READER_CONCERN",
    ruleId: LLM_RULE_ID,
    ruleVersion: 1,
    parsedValue: base.parsedValue,
    explanation: `Language-model reader (${model}) judged the reply ${severity}: ${rationale}`.slice(0, 500),
    action: "Read the patient's reply and call; the automatic reader raised it above the rules' result.",
    patientReply: policy.patientReply,
    sla: {
      taskPriority: policy.taskPriority,
      dueInMinutes: policy.dueInMinutes,
      warnBeforeMinutes: policy.warnBeforeMinutes,
    },
    alsoMatched: below
      ? [
          { ruleId: below.ruleId, reasonCode: below.reasonCode, severity: below.severity },
          ...below.alsoMatched,
        ]
      : [],
  };
}

/**
 * Rules first, always. The model is asked only when the rules could not read the reply or it says more
 * than the question asked; its reading may fill the answer (judged again by the rules) or raise the
 * severity, never lower it. Any failure leaves the rules' result as it was (an unreadable reply is still
 * re-asked, then goes to a nurse).
 */
export async function judgeWithReader(
  input: JudgeInput,
  opts: { config: LlmReaderConfig | null; redactNames?: readonly string[]; fetchImpl?: FetchLike },
): Promise<ReadResult> {
  const rules = judgeReply(input);
  const readers: ReaderNote[] = [rulesNote(rules)];
  const cfg = opts.config;
  if (!cfg || !needsSecondReader(input, rules)) return { judgement: rules, readers };
  const res = await askReader(
    cfg,
    {
      protocol: input.protocol,
      questionText: questionText(input),
      reply: redactReply(input.reply, opts.redactNames),
      protocolSummary: protocolSummary(input),
    },
    opts.fetchImpl,
  );
  if (!res.ok) {
    readers.push({ reader: "llm", model: cfg.model, used: "FAILED", error: res.error });
    return { judgement: rules, readers };
  }
  const { reading } = res;
  const note = {
    reader: "llm" as const,
    model: cfg.model,
    severity: reading.severity,
    answer: reading.answer,
  };
  let current: Judgement = rules;
  let used: "FILLED_ANSWER" | "RAISED" | "AGREED" | "NOT_HIGHER" = "NOT_HIGHER";
  if (rules.outcome === "UNPARSEABLE" && reading.answer) {
    // The filled answer goes through the same rules; the model never picks a rule itself.
    const refilled = judgeReply({ ...input, reply: reading.answer });
    if (refilled.outcome === "ANSWER") {
      current = {
        ...refilled,
        explanation: `${refilled.explanation}; answer filled by the language-model reader (${cfg.model}) as "${reading.answer}"`,
      };
      used = "FILLED_ANSWER";
    }
  }
  const now = current.outcome === "ANSWER" ? severityRank(current.severity) : -1;
  // An unread reply is raised only to URGENT or above; below that it is re-asked, then goes to a nurse.
  const mayRaise = current.outcome === "ANSWER" || severityRank(reading.severity) >= severityRank("URGENT");
  if (severityRank(reading.severity) > now && mayRaise) {
    current = raised(current, reading.severity, reading.rationale, cfg.model);
    used = "RAISED";
  } else if (
    used !== "FILLED_ANSWER" &&
    current.outcome === "ANSWER" &&
    severityRank(reading.severity) === now
  ) {
    used = "AGREED";
  }
  readers.push({ ...note, used });
  return { judgement: current, readers };
}
