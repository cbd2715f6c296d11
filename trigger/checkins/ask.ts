import { wait } from "@trigger.dev/sdk";
import {
  askKey,
  awaitReply,
  awaitReplyAfterReminder,
  type Prompt,
  promptText,
  reminderSentEarlier,
  reminderText,
} from "../../server/services/checkins/ask-steps.js";
import type { AskContext } from "../../server/services/checkins/run-checkin.js";
import { REMINDER_WINDOW, REPLY_WINDOW } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/**
 * Sends one prompt and waits for the patient's reply through a waitpoint token that inbound
 * routing completes with the message id (the text itself never leaves our database). One
 * reminder per check-in; a second silence is NO_RESPONSE (null).
 */
export async function askAndWait(
  ctx: AskContext,
  topic: string,
  attempt: number,
  prompt: Prompt,
): Promise<string | null> {
  const { db } = taskServices();
  const key = askKey(ctx, topic, attempt);
  const token = await wait.createToken({
    timeout: REPLY_WINDOW,
    idempotencyKey: await runKey(key),
    tags: ctx.tags,
  });
  await awaitReply(db, ctx.checkInId, token.id, topic);
  const sent = await sendFromTask(promptText(ctx, key, prompt));
  // A question that could not go out (no consent yet, opted out, bad number) gets no answer: waiting
  // hours for one would only delay the "unable to reach" follow-up.
  if (sent.kind !== "SENT") return null;
  const reply = await wait.forToken<{ messageId: string }>(token.id);
  if (reply.ok) return reply.output.messageId;

  if (await reminderSentEarlier(db, ctx.checkInId, key)) return null;
  const second = await wait.createToken({
    timeout: REMINDER_WINDOW,
    idempotencyKey: await runKey(`${key}:reminder`),
    tags: ctx.tags,
  });
  await awaitReplyAfterReminder(db, ctx.checkInId, second.id);
  await sendFromTask(reminderText(ctx, key));
  const late = await wait.forToken<{ messageId: string }>(second.id);
  return late.ok ? late.output.messageId : null;
}
