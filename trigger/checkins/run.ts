import { metadata, schemaTask } from "@trigger.dev/sdk";
import type { Prisma } from "../../server/db/client.js";
import { JOB_PAYLOADS, jobs } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import { readReply } from "../../server/llm-reader/index.js";
import {
  finishCheckIn,
  loadCheckInContext,
  recordAnswer,
  weightHistory,
} from "../../server/services/checkins/checkin-store.js";
import { slotTime } from "../../server/services/checkins/schedule.js";
import { raiseEscalation } from "../../server/services/escalation/raise-escalation.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { actOnJudgement } from "../shared/judged-reply.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";
import { type AskContext, askAndWait, type Prompt } from "./ask.js";

export const checkinRunTask = schemaTask({
  id: "checkin.run",
  schema: JOB_PAYLOADS["checkin.run"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ checkInId }, { ctx: runCtx }) => {
    const { db } = taskServices();
    const { checkIn, episode, patient, protocol } = await loadCheckInContext(db, checkInId);
    if (checkIn.status !== "SCHEDULED" && checkIn.status !== "IN_PROGRESS")
      return { outcome: checkIn.status, well: false };
    if (episode.status !== "ACTIVE" || patient.optedOut) {
      await db.checkIn.update({ where: { id: checkInId }, data: { status: "CANCELED" } });
      return { outcome: "CANCELED" as const, well: false };
    }
    await db.checkIn.updateMany({
      where: { id: checkInId, status: "SCHEDULED" },
      data: { status: "IN_PROGRESS", startedAt: now(), runId: runCtx.run.id },
    });
    const ctx: AskContext = {
      checkInId,
      patientId: patient.id,
      episodeId: episode.id,
      language: patient.preferredLanguage,
      tags: [`patient:${patient.id}`, `episode:${episode.id}`],
    };
    let well = true;
    // A re-execution (after each reply) skips the questions answered before the latest answered
    // one: each was judged and acted on before the next was asked. The latest is gone through
    // again (all idempotent) in case the run stopped between storing its answer and acting on it.
    const answered = new Map(checkIn.answers.map((a) => [a.topic, a.severity]));
    const latest = protocol.questions.findLastIndex((q) => answered.has(q.topic));
    for (const [index, question] of protocol.questions.entries()) {
      const earlier = answered.get(question.topic);
      if (index < latest && earlier !== undefined) {
        if (earlier !== "NONE") well = false;
        continue;
      }
      metadata.set("question", `${index + 1} of ${protocol.questions.length}`).set("topic", question.topic);
      let prompt: Prompt = { kind: "question", question, first: index === 0 };
      for (let attempt = 0; ; attempt++) {
        const messageId = await askAndWait(ctx, question.topic, attempt, prompt);
        if (!messageId) return finishNoResponse(checkInId, ctx);
        const message = await db.message.findUniqueOrThrow({
          where: { id: messageId },
          select: { body: true, createdAt: true },
        });
        const { judgement, readers } = await readReply(
          {
            protocol: episode.protocol,
            protocolVersion: episode.protocolVersion,
            topic: question.topic,
            reply: message.body,
            language: patient.preferredLanguage,
            history:
              question.topic === "hf_weight" ? await weightHistory(db, episode.id, message.createdAt) : {},
            context: { highRiskMedClasses: episode.highRiskMedClasses },
            reaskCount: attempt,
            receivedAt: message.createdAt,
          },
          [patient.firstName, patient.lastName],
        );
        if (judgement.outcome === "UNPARSEABLE") {
          prompt = { kind: "reask", text: judgement.reaskText };
          continue;
        }
        const answerId = await recordAnswer(db, {
          episodeId: episode.id,
          checkInId,
          messageId,
          topic: question.topic,
          rawReply: message.body,
          parsedValue: (judgement.parsedValue ?? null) as Prisma.InputJsonValue | null,
          ruleId: judgement.ruleId,
          ruleVersion: judgement.ruleVersion,
          severity: judgement.severity,
          reasonCode: judgement.reasonCode,
          explanation: {
            text: judgement.explanation,
            action: judgement.action,
            // Which reader said what (rules, and the optional language model): shown with the answer.
            readers: readers as unknown as Prisma.InputJsonArray,
            ...(judgement.threshold
              ? { threshold: judgement.threshold as unknown as Prisma.InputJsonObject }
              : {}),
          },
        });
        const acted = await actOnJudgement({
          judgement,
          rawText: message.body,
          patientId: patient.id,
          episodeId: episode.id,
          checkInId,
          messageId,
          answerId,
          readers,
        });
        if (acted.severity !== "NONE") well = false;
        // An emergency ends the conversation: the patient has been told to call 911 and a nurse is alerted.
        if (acted.severity === "EMERGENT") {
          await finishCheckIn(db, checkInId, "COMPLETED", false);
          return { outcome: "COMPLETED" as const, well: false };
        }
        break;
      }
    }
    await finishCheckIn(db, checkInId, "COMPLETED", well);
    const after = await db.episode.findUniqueOrThrow({
      where: { id: episode.id },
      select: { consecutiveWell: true },
    });
    const nextCheckInAt = slotTime({
      dischargedAt: episode.dischargedAt,
      previous: checkIn.scheduledAt,
      consecutiveWell: after.consecutiveWell,
      timeZone: patient.timeZone,
    });
    await sendFromTask({
      patientId: patient.id,
      episodeId: episode.id,
      checkInId,
      template: "checkin.thanks",
      vars: { nextCheckInAt },
      purpose: "REPLY",
      idempotencyKey: `thanks:${checkInId}`,
    });
    return { outcome: "COMPLETED" as const, well };
  },
});

async function finishNoResponse(checkInId: string, ctx: AskContext) {
  const { db } = taskServices();
  const { consecutiveMissed } = await finishCheckIn(db, checkInId, "NO_RESPONSE", false);
  // Two missed check-ins in a row: a nurse should phone the patient.
  if (consecutiveMissed >= 2) {
    await raiseEscalation(
      { db: taskServices().db, jobs },
      {
        patientId: ctx.patientId,
        episodeId: ctx.episodeId,
        severity: "ROUTINE",
        reasonCode: "UNABLE_TO_REACH",
        action: "Phone the patient: two check-ins went unanswered",
        evidence: { checkInId, consecutiveMissed },
      },
    );
  }
  return { outcome: "NO_RESPONSE" as const, well: false };
}
