import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import type { QuestionDef } from "../../triage/index.js";
import type { AskContext } from "./run-checkin.js";

/**
 * Asking one question of a check-in: the texts and the bookkeeping around the wait. The task owns
 * the waitpoint tokens; these record which token the patient's reply should complete (inbound
 * routing reads `waitTokenId`) and build the texts.
 */
export type Prompt =
  | { kind: "question"; question: QuestionDef; first: boolean }
  | { kind: "reask"; text: string };

/** Stable per check-in, topic and attempt: a re-executed run finds its own token and text again. */
export const askKey = (ctx: AskContext, topic: string, attempt: number) =>
  `${ctx.checkInId}:${topic}:${attempt}`;

export function promptText(ctx: AskContext, key: string, prompt: Prompt): SendInput {
  const lang = ctx.language === "ES" ? "es" : "en";
  const base = { patientId: ctx.patientId, episodeId: ctx.episodeId, checkInId: ctx.checkInId };
  // The first question of a check-in is scheduled outreach (quiet hours apply); the rest answer the patient.
  return prompt.kind === "question"
    ? {
        ...base,
        idempotencyKey: `q:${key}`,
        template: "checkin.question",
        text: prompt.question.text[lang],
        purpose: prompt.first ? "SCHEDULED" : "REPLY",
      }
    : {
        ...base,
        idempotencyKey: `q:${key}`,
        template: "checkin.question",
        text: prompt.text,
        purpose: "REPLY",
      };
}

export function reminderText(ctx: AskContext, key: string): SendInput {
  return {
    patientId: ctx.patientId,
    episodeId: ctx.episodeId,
    checkInId: ctx.checkInId,
    template: "checkin.reminder",
    vars: {},
    purpose: "SCHEDULED",
    idempotencyKey: `reminder:${key}`,
  };
}

/** The question is out (or about to be): the patient's next text completes this token. */
export async function awaitReply(db: Db, checkInId: string, tokenId: string, topic: string): Promise<void> {
  await db.checkIn.update({ where: { id: checkInId }, data: { waitTokenId: tokenId, currentTopic: topic } });
}

export async function awaitReplyAfterReminder(db: Db, checkInId: string, tokenId: string): Promise<void> {
  await db.checkIn.update({
    where: { id: checkInId },
    data: { waitTokenId: tokenId, reminderSentAt: now() },
  });
}

/**
 * One reminder per check-in; a second silence is NO_RESPONSE. Derived from stored messages, not a
 * flag, so a re-executed run makes the same decision.
 */
export async function reminderSentEarlier(db: Db, checkInId: string, key: string): Promise<boolean> {
  const earlier = await db.message.findFirst({
    where: { checkInId, template: "checkin.reminder", idempotencyKey: { not: `reminder:${key}` } },
    select: { id: true },
  });
  return earlier !== null;
}
