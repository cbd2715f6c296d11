import { CheckInStatus, ConsentStatus, type Db } from "../db/client.js";
import { now } from "../lib/clock.js";
import type { Keyword } from "./keywords.js";
import type { SmsService } from "./send.js";

export interface InboundRef {
  id: string;
  patientId: string;
  episodeId: string | null;
}

/**
 * Applies a carrier keyword at once (opt-out must take effect before any other text can go).
 * Idempotent: re-running it for the same inbound message sends no second confirmation.
 * Returns whether the message should still reach the workflow (onInbound).
 */
export async function applyKeyword(
  db: Db,
  sms: SmsService,
  msg: InboundRef,
  keyword: Keyword,
): Promise<boolean> {
  const base = { patientId: msg.patientId, episodeId: msg.episodeId ?? undefined, purpose: "REPLY" as const };
  switch (keyword) {
    case "OPT_OUT": {
      await db.patient.updateMany({
        where: { id: msg.patientId, optedOut: false },
        data: { optedOut: true, optedOutAt: now() },
      });
      const p = await db.patient.findUniqueOrThrow({
        where: { id: msg.patientId },
        select: { optedOutAt: true },
      });
      // Keyed by the opt-out itself, so a second STOP while opted out sends nothing more.
      const key = `optout-confirm:${msg.patientId}:${p.optedOutAt?.getTime() ?? 0}`;
      await sms.send({ ...base, template: "optout.confirm", idempotencyKey: key });
      return false;
    }
    case "OPT_IN": {
      const changed = await db.patient.updateMany({
        where: { id: msg.patientId, optedOut: true },
        data: { optedOut: false, optedOutAt: null },
      });
      await confirmOnce(db, sms, changed.count > 0, {
        ...base,
        template: "optin.confirm",
        key: `optin:${msg.id}`,
      });
      return false;
    }
    case "HELP": {
      await sms.send({ ...base, template: "help", idempotencyKey: `help:${msg.id}` });
      return false;
    }
    case "YES":
      return applyConsentYes(db, sms, msg, base);
  }
}

async function applyConsentYes(
  db: Db,
  sms: SmsService,
  msg: InboundRef,
  base: { patientId: string; episodeId: string | undefined; purpose: "REPLY" },
): Promise<boolean> {
  const changed = await db.patient.updateMany({
    where: { id: msg.patientId, consentStatus: ConsentStatus.PENDING },
    data: { consentStatus: ConsentStatus.GRANTED, consentAt: now() },
  });
  const key = `consent-granted:${msg.id}`;
  const isConsentReply =
    changed.count > 0 || (await db.message.count({ where: { idempotencyKey: key } })) > 0;
  if (!isConsentReply) return true; // consent already settled: "yes" is an answer for the check-in
  await confirmOnce(db, sms, true, { ...base, template: "consent.granted", key });
  // A YES may also answer an open check-in question sent before consent ("any chest pain? YES/NO"):
  // never swallow it while a check-in is waiting.
  const open = await db.checkIn.count({
    where: { status: CheckInStatus.IN_PROGRESS, episode: { patientId: msg.patientId } },
  });
  return open > 0;
}

// The state change and the confirmation are two steps; if the send failed last time, the stored
// confirmation row (same key) is what proves this message caused the change, so finish it.
async function confirmOnce(
  db: Db,
  sms: SmsService,
  changed: boolean,
  c: {
    patientId: string;
    episodeId: string | undefined;
    purpose: "REPLY";
    template: "optin.confirm" | "consent.granted";
    key: string;
  },
): Promise<void> {
  const started = changed || (await db.message.count({ where: { idempotencyKey: c.key } })) > 0;
  if (!started) return;
  await sms.send({
    patientId: c.patientId,
    episodeId: c.episodeId,
    purpose: c.purpose,
    template: c.template,
    idempotencyKey: c.key,
  });
}
