import { wait } from "@trigger.dev/sdk";
import { raisePhoneOutreach } from "../../server/services/escalation/phone-outreach.js";
import type { SendInput, SendResult } from "../../server/sms/index.js";
import { runKey } from "./keys.js";
import { taskServices } from "./runtime.js";

/**
 * Sends a text from inside a task. Scheduled outreach that falls in the patient's quiet hours is
 * held until the next allowed time with a durable wait, then sent with the same key. A number that
 * turns out unusable (invalid, landline, not SMS-capable) opens a phone-outreach task.
 */
export async function sendFromTask(input: SendInput): Promise<SendResult> {
  const services = taskServices();
  let result = await services.sms.send(input);
  for (let i = 0; result.kind === "DEFERRED" && i < 3; i++) {
    await wait.until({
      date: result.notBefore,
      idempotencyKey: await runKey(`defer:${input.idempotencyKey}:${i}`),
    });
    result = await services.sms.send(input);
  }
  if (result.kind === "PHONE_UNUSABLE") {
    await raisePhoneOutreach(services, {
      patientId: input.patientId,
      episodeId: input.episodeId ?? null,
      messageId: result.messageId,
      phoneStatus: result.phoneStatus,
      errorCode: result.errorCode,
    });
  }
  return result;
}
