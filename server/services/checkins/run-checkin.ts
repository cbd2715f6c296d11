import type { CheckInStatus, Db, Prisma, Severity } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { jobTags } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { readReply } from "../../llm-reader/index.js";
import type { SendInput, SendResult, SmsService } from "../../sms/index.js";
import type { QuestionDef } from "../../triage/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { actOnJudgement } from "../replies/act-on-judgement.js";
import { finishCheckIn, loadCheckInContext, recordAnswer, weightHistory } from "./checkin-store.js";
import { slotTime } from "./schedule.js";

/**
 * Run a check-in: the use case's steps. The task owns the waiting (a question's reply token, the
 * quiet-hours deferral in `send`) and calls these in order; each step is idempotent, because a
 * task re-executes from the top after every wait.
 */
export interface CheckInDeps {
  db: Db;
  sms: SmsService;
  jobs: JobStarter;
  /** Sends a text, holding it through quiet hours (a durable wait inside a task). */
  send: (input: SendInput) => Promise<SendResult>;
}

export interface AskContext {
  checkInId: string;
  patientId: string;
  episodeId: string;
  language: "EN" | "ES";
  tags: string[];
}

type Loaded = Awaited<ReturnType<typeof loadCheckInContext>>;
export type CheckInRun = Loaded & { ask: AskContext };

export type CheckInEnd = { outcome: CheckInStatus; well: boolean };

/** Starts (or resumes) the check-in; ended means there is nothing to ask (finished, or cancelled now). */
export async function startCheckIn(
  db: Db,
  checkInId: string,
  runId: string,
): Promise<{ kind: "ENDED"; end: CheckInEnd } | { kind: "ASKING"; run: CheckInRun }> {
  const loaded = await loadCheckInContext(db, checkInId);
  const { checkIn, episode, patient } = loaded;
  if (checkIn.status !== "SCHEDULED" && checkIn.status !== "IN_PROGRESS")
    return { kind: "ENDED", end: { outcome: checkIn.status, well: false } };
  // A closed episode or an opted-out patient gets no more questions.
  if (episode.status !== "ACTIVE" || patient.optedOut) {
    await db.checkIn.update({ where: { id: checkInId }, data: { status: "CANCELED" } });
    return { kind: "ENDED", end: { outcome: "CANCELED", well: false } };
  }
  await db.checkIn.updateMany({
    where: { id: checkInId, status: "SCHEDULED" },
    data: { status: "IN_PROGRESS", startedAt: now(), runId },
  });
  const ask: AskContext = {
    checkInId,
    patientId: patient.id,
    episodeId: episode.id,
    language: patient.preferredLanguage,
    tags: [jobTags.patient(patient.id), jobTags.episode(episode.id)],
  };
  return { kind: "ASKING", run: { ...loaded, ask } };
}

export type QuestionStep =
  | { kind: "ANSWERED_BEFORE"; severity: Severity }
  | { kind: "ASK"; question: QuestionDef; index: number; of: number };

/**
 * The questions in order. A re-execution (after each reply) skips the questions answered before
 * the latest answered one: each was judged and acted on before the next was asked. The latest is
 * gone through again (all idempotent) in case the run stopped between storing and acting on it.
 */
export function questionSteps(run: Pick<CheckInRun, "checkIn" | "protocol">): QuestionStep[] {
  const answered = new Map(run.checkIn.answers.map((a) => [a.topic, a.severity]));
  const questions = run.protocol.questions;
  const latest = questions.findLastIndex((q) => answered.has(q.topic));
  return questions.map((question, index) => {
    const earlier = answered.get(question.topic);
    return index < latest && earlier !== undefined
      ? { kind: "ANSWERED_BEFORE", severity: earlier }
      : { kind: "ASK", question, index, of: questions.length };
  });
}

/** Reads one reply to a question: asks again when unreadable, else records it and acts on it. */
export async function judgeReply(
  deps: CheckInDeps,
  run: CheckInRun,
  step: { question: QuestionDef; messageId: string; attempt: number },
): Promise<{ kind: "REASK"; text: string } | { kind: "ANSWERED"; severity: Severity }> {
  const { db } = deps;
  const { episode, patient } = run;
  const { question, messageId } = step;
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
      history: question.topic === "hf_weight" ? await weightHistory(db, episode.id, message.createdAt) : {},
      context: { highRiskMedClasses: episode.highRiskMedClasses },
      reaskCount: step.attempt,
      receivedAt: message.createdAt,
    },
    [patient.firstName, patient.lastName],
  );
  if (judgement.outcome === "UNPARSEABLE") return { kind: "REASK", text: judgement.reaskText };
  const answerId = await recordAnswer(db, {
    episodeId: episode.id,
    checkInId: run.ask.checkInId,
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
      ...(judgement.threshold ? { threshold: judgement.threshold as unknown as Prisma.InputJsonObject } : {}),
    },
  });
  const acted = await actOnJudgement(deps, {
    judgement,
    rawText: message.body,
    patientId: patient.id,
    episodeId: episode.id,
    checkInId: run.ask.checkInId,
    messageId,
    answerId,
    readers,
  });
  // No follow-up visit booked: text the patient free clinic times (services/visits) besides the task.
  if (judgement.reasonCode === "FOLLOWUP_NOT_SCHEDULED")
    await deps.jobs.offerVisit({
      episodeId: episode.id,
      patientId: patient.id,
      cause: "CHECK_IN",
      key: `checkin:${answerId}`,
    });
  return { kind: "ANSWERED", severity: acted.severity };
}

/** An emergency ends the conversation: the patient has been told to call 911 and a nurse is alerted. */
export async function endAfterEmergency(db: Db, run: CheckInRun): Promise<CheckInEnd> {
  await finishCheckIn(db, run.ask.checkInId, "COMPLETED", false);
  return { outcome: "COMPLETED", well: false };
}

/** All questions answered: the streaks move, and the patient is thanked with the next check-in's time. */
export async function completeCheckIn(
  deps: CheckInDeps,
  run: CheckInRun,
  well: boolean,
): Promise<CheckInEnd> {
  const { db } = deps;
  const { checkInId } = run.ask;
  await finishCheckIn(db, checkInId, "COMPLETED", well);
  if (run.checkIn.afterVisit) {
    const base = { patientId: run.patient.id, episodeId: run.episode.id, checkInId };
    await deps.send({
      ...base,
      template: "visit.after_thanks",
      vars: {},
      purpose: "REPLY",
      idempotencyKey: `thanks:${checkInId}`,
    });
    return { outcome: "COMPLETED", well };
  }
  const after = await db.episode.findUniqueOrThrow({
    where: { id: run.episode.id },
    select: { consecutiveWell: true },
  });
  const nextCheckInAt = slotTime({
    dischargedAt: run.episode.dischargedAt,
    previous: run.checkIn.scheduledAt,
    consecutiveWell: after.consecutiveWell,
    timeZone: run.patient.timeZone,
  });
  await deps.send({
    patientId: run.patient.id,
    episodeId: run.episode.id,
    checkInId,
    template: "checkin.thanks",
    vars: { nextCheckInAt },
    purpose: "REPLY",
    idempotencyKey: `thanks:${checkInId}`,
  });
  return { outcome: "COMPLETED", well };
}

/** No answer after the reminder. Two missed check-ins in a row: a nurse should phone the patient. */
export async function missCheckIn(
  deps: Pick<CheckInDeps, "db" | "jobs">,
  ctx: AskContext,
): Promise<CheckInEnd> {
  const { consecutiveMissed } = await finishCheckIn(deps.db, ctx.checkInId, "NO_RESPONSE", false);
  if (consecutiveMissed >= 2) {
    await raiseEscalation(deps, {
      patientId: ctx.patientId,
      episodeId: ctx.episodeId,
      severity: "ROUTINE",
      reasonCode: "UNABLE_TO_REACH",
      action: "Phone the patient: two check-ins went unanswered",
      evidence: { checkInId: ctx.checkInId, consecutiveMissed },
    });
  }
  return { outcome: "NO_RESPONSE", well: false };
}
