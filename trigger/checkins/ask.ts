import { wait } from "@trigger.dev/sdk";
import { now } from "../../server/lib/clock.js";
import type { QuestionDef } from "../../server/triage/index.js";
import { REMINDER_WINDOW, REPLY_WINDOW } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

export interface AskContext {
  checkInId: string;
  patientId: string;
  episodeId: string;
  language: "EN" | "ES";
  tags: string[];
}

export type Prompt =
  | { kind: "question"; question: QuestionDef; first: boolean }
  | { kind: "reask"; text: string };

/**
 * Sends one prompt and waits for the patient's reply through a waitpoint token that inbound
 * routing completes with the message id (the text itself never leaves our database). One
 * reminder per check-in; a second silence is NO_RESPONSE.
 */
export async function askAndWait(
  ctx: AskContext,
  topic: string,
  attempt: number,
  prompt: Prompt,
): Promise<string | null> {
  const { db } = taskServices();
  const key = `${ctx.checkInId}:${topic}:${attempt}`;
  const token = await wait.createToken({
    timeout: REPLY_WINDOW,
    idempotencyKey: await runKey(key),
    tags: ctx.tags,
  });
  await db.checkIn.update({
    where: { id: ctx.checkInId },
    data: { waitTokenId: token.id, currentTopic: topic },
  });
  const lang = ctx.language === "ES" ? "es" : "en";
  const sent = await sendFromTask({
    patientId: ctx.patientId,
    episodeId: ctx.episodeId,
    checkInId: ctx.checkInId,
    idempotencyKey: `q:${key}`,
    ...(prompt.kind === "question"
      ? {
          template: "checkin.question",
          text: prompt.question.text[lang],
          purpose: prompt.first ? "SCHEDULED" : "REPLY",
        }
      : { template: "checkin.question", text: prompt.text, purpose: "REPLY" }),
  });
  // A question that could not go out (no consent yet, opted out, bad number) gets no answer: waiting
  // hours for one would only delay the "unable to reach" follow-up.
  if (sent.kind !== "SENT") return null;
  const reply = await wait.forToken<{ messageId: string }>(token.id);
  if (reply.ok) return reply.output.messageId;

  // Derived from stored messages, not a flag, so a re-executed run makes the same decision.
  const earlierReminder = await db.message.findFirst({
    where: {
      checkInId: ctx.checkInId,
      template: "checkin.reminder",
      idempotencyKey: { not: `reminder:${key}` },
    },
    select: { id: true },
  });
  if (earlierReminder) return null;
  const second = await wait.createToken({
    timeout: REMINDER_WINDOW,
    idempotencyKey: await runKey(`${key}:reminder`),
    tags: ctx.tags,
  });
  await db.checkIn.update({
    where: { id: ctx.checkInId },
    data: { waitTokenId: second.id, reminderSentAt: now() },
  });
  await sendFromTask({
    patientId: ctx.patientId,
    episodeId: ctx.episodeId,
    checkInId: ctx.checkInId,
    template: "checkin.reminder",
    vars: {},
    purpose: "SCHEDULED",
    idempotencyKey: `reminder:${key}`,
  });
  const late = await wait.forToken<{ messageId: string }>(second.id);
  return late.ok ? late.output.messageId : null;
}
