import { jobs } from "../../server/jobs/index.js";
import type { ReaderNote } from "../../server/llm-reader/index.js";
import { patientReplyMessages } from "../../server/services/checkins/patient-replies.js";
import { raiseEscalation } from "../../server/services/escalation/raise-escalation.js";
import { type AnswerJudgement, detectEmergency } from "../../server/triage/index.js";
import { taskServices } from "./runtime.js";

/**
 * Acts on a judged patient text: tells the patient what to do at once, and opens (or merges) the
 * nurse task. Emergency words anywhere in the text escalate even when the question's own rule did
 * not. Only ids and codes go into task evidence, never the text itself.
 */
export async function actOnJudgement(opts: {
  judgement: AnswerJudgement;
  rawText: string;
  patientId: string;
  episodeId: string | null;
  checkInId?: string;
  messageId: string;
  answerId?: string;
  /** Which reader said what; kept in the task evidence beside the rule id. */
  readers?: ReaderNote[];
}): Promise<{ severity: AnswerJudgement["severity"]; taskIds: string[] }> {
  const { sms } = taskServices();
  const j = opts.judgement;
  const emergency = detectEmergency(opts.rawText);
  const taskIds: string[] = [];
  const evidence = {
    ruleId: j.ruleId,
    ruleVersion: j.ruleVersion,
    topic: j.topic,
    explanation: j.explanation,
    messageId: opts.messageId,
    ...(opts.answerId ? { answerId: opts.answerId } : {}),
    ...(opts.readers && opts.readers.length > 1 ? { readers: opts.readers } : {}),
  };
  if (j.severity !== "NONE") {
    const r = await raiseEscalation(
      { db: taskServices().db, jobs },
      {
        patientId: opts.patientId,
        episodeId: opts.episodeId,
        severity: j.severity,
        reasonCode: j.reasonCode,
        action: j.action,
        evidence,
      },
    );
    taskIds.push(r.taskId);
  }
  if (emergency.emergent && j.severity !== "EMERGENT") {
    const r = await raiseEscalation(
      { db: taskServices().db, jobs },
      {
        patientId: opts.patientId,
        episodeId: opts.episodeId,
        severity: "EMERGENT",
        reasonCode: "EMERGENCY_WORDS",
        action: "Call the patient now; confirm 911 was called",
        evidence: { ...evidence, ruleId: "general.emergency-words" },
      },
    );
    taskIds.push(r.taskId);
  }
  const kind = emergency.emergent && j.severity !== "EMERGENT" ? "EMERGENCY_911" : j.patientReply;
  for (const [i, m] of patientReplyMessages(kind).entries()) {
    // One acknowledgement per open task: a patient who writes three times is not told three times.
    const key =
      m.template === "ack.received" && taskIds[0] ? `ack:${taskIds[0]}` : `reply:${opts.messageId}:${i}`;
    await sms.send({
      patientId: opts.patientId,
      ...(opts.episodeId ? { episodeId: opts.episodeId } : {}),
      ...(opts.checkInId ? { checkInId: opts.checkInId } : {}),
      template: m.template,
      vars: {},
      purpose: m.purpose,
      idempotencyKey: key,
    });
  }
  return { severity: emergency.emergent ? "EMERGENT" : j.severity, taskIds };
}
