import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import type { ReaderNote } from "../../llm-reader/index.js";
import type { SmsService } from "../../sms/index.js";
import { type AnswerJudgement, detectEmergency } from "../../triage/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { patientReplyMessages } from "./patient-replies.js";

export interface JudgedReply {
  judgement: AnswerJudgement;
  rawText: string;
  patientId: string;
  episodeId: string | null;
  checkInId?: string;
  messageId: string;
  answerId?: string;
  /** Which reader said what; kept in the task evidence beside the rule id. */
  readers?: ReaderNote[];
}

/**
 * Act on a judged patient text (a check-in answer or free text): tell the patient what to do at
 * once, and open (or merge) the nurse task. Emergency words anywhere in the text escalate even
 * when the question's own rule did not. Only ids and codes go into task evidence, never the text.
 */
export async function actOnJudgement(
  deps: { db: Db; sms: SmsService; jobs: JobStarter },
  reply: JudgedReply,
): Promise<{ severity: AnswerJudgement["severity"]; taskIds: string[] }> {
  const j = reply.judgement;
  const emergency = detectEmergency(reply.rawText);
  const overridden = emergency.emergent && j.severity !== "EMERGENT";
  const taskIds: string[] = [];
  const evidence = {
    ruleId: j.ruleId,
    ruleVersion: j.ruleVersion,
    topic: j.topic,
    explanation: j.explanation,
    messageId: reply.messageId,
    ...(reply.answerId ? { answerId: reply.answerId } : {}),
    ...(reply.readers && reply.readers.length > 1 ? { readers: reply.readers } : {}),
  };
  const base = { patientId: reply.patientId, episodeId: reply.episodeId };
  if (j.severity !== "NONE") {
    const r = await raiseEscalation(deps, {
      ...base,
      severity: j.severity,
      reasonCode: j.reasonCode,
      action: j.action,
      evidence,
    });
    taskIds.push(r.taskId);
  }
  if (overridden) {
    const r = await raiseEscalation(deps, {
      ...base,
      severity: "EMERGENT",
      reasonCode: "EMERGENCY_WORDS",
      action: "Call the patient now; confirm 911 was called",
      evidence: { ...evidence, ruleId: "general.emergency-words" },
    });
    taskIds.push(r.taskId);
  }
  await tellPatient(deps.sms, reply, overridden ? "EMERGENCY_911" : j.patientReply, taskIds[0]);
  return { severity: emergency.emergent ? "EMERGENT" : j.severity, taskIds };
}

async function tellPatient(
  sms: SmsService,
  reply: JudgedReply,
  kind: AnswerJudgement["patientReply"],
  firstTaskId: string | undefined,
): Promise<void> {
  for (const [i, m] of patientReplyMessages(kind).entries()) {
    // One acknowledgement per open task: a patient who writes three times is not told three times.
    const key =
      m.template === "ack.received" && firstTaskId ? `ack:${firstTaskId}` : `reply:${reply.messageId}:${i}`;
    await sms.send({
      patientId: reply.patientId,
      ...(reply.episodeId ? { episodeId: reply.episodeId } : {}),
      ...(reply.checkInId ? { checkInId: reply.checkInId } : {}),
      template: m.template,
      vars: {},
      purpose: m.purpose,
      idempotencyKey: key,
    });
  }
}
