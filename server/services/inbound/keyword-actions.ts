import { ConsentStatus, type Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import type { Keyword, SmsService } from "../../sms/index.js";
import { hasOpenCheckIn, type InboundRef } from "./inbound-store.js";
import { replyMeaning } from "./reply-meaning.js";

/**
 * Applies what a text means at once, before anything is routed: carrier keywords (opt-out must
 * take effect before any other text can go) and a consent YES. Idempotent: re-running it for the
 * same inbound message sends no second confirmation. Returns whether the message should still be
 * handed over to routing (reply-meaning decides who reads it).
 */
export async function applyReceiptMeaning(
  db: Db,
  sms: SmsService,
  msg: InboundRef,
  body: string,
): Promise<{ keyword: Keyword | null; handOver: boolean }> {
  const handOver = await applyMeaning(db, sms, msg, body);
  return { keyword: replyMeaning(body, NOTHING_WAITING).keyword, handOver };
}

const NOTHING_WAITING = { consentPending: false, checkInOpen: false, appointmentAwaitingConfirmation: false };

async function applyMeaning(db: Db, sms: SmsService, msg: InboundRef, body: string): Promise<boolean> {
  const base = { patientId: msg.patientId, episodeId: msg.episodeId ?? undefined, purpose: "REPLY" as const };
  // Only a YES needs the database to know what it means; everything else is decided by its text.
  switch (replyMeaning(body, NOTHING_WAITING).keyword) {
    case null:
      return true;
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
      return applyYes(db, sms, msg, body, base);
  }
}

async function applyYes(
  db: Db,
  sms: SmsService,
  msg: InboundRef,
  body: string,
  base: { patientId: string; episodeId: string | undefined; purpose: "REPLY" },
): Promise<boolean> {
  // Claimed atomically, so of two racing YES texts only one is "the consent reply".
  const changed = await db.patient.updateMany({
    where: { id: msg.patientId, consentStatus: ConsentStatus.PENDING },
    data: { consentStatus: ConsentStatus.GRANTED, consentAt: now() },
  });
  const key = `consent-granted:${msg.id}`;
  const consentPending =
    changed.count > 0 || (await db.message.count({ where: { idempotencyKey: key } })) > 0;
  // A YES may also answer a check-in question sent before consent ("any chest pain? YES/NO"):
  // an open check-in at receipt is enough to hand it on; routing checks the question still waits.
  const checkInOpen = consentPending && (await hasOpenCheckIn(db, msg.patientId));
  // The appointment is routing's question; at receipt only "anyone besides consent?" matters.
  const meaning = replyMeaning(body, { consentPending, checkInOpen, appointmentAwaitingConfirmation: false });
  if (meaning.grantsConsent) await confirmOnce(db, sms, true, { ...base, template: "consent.granted", key });
  return meaning.reader !== null;
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
