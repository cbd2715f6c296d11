import type { Db, Tx } from "../db/client.js";
import { MessageStatus } from "../db/client.js";
import { now } from "../lib/clock.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../observability/metrics.js";
import { classifyProviderFailure, RetryableSmsError } from "./errors.js";
import {
  countRecentAttempts,
  type GatePatient,
  isUniqueViolation,
  markAttemptEnded,
  markFailed,
  outboundSelect,
  type Row,
  recordProviderMessage,
  releaseForRetry,
} from "./message-store.js";
import { capsApply, decideSend, type SmsPurpose } from "./policy.js";
import type { SendResult } from "./send.js";
import type { TemplateName } from "./templates.js";
import { type SmsTransport, TransportError } from "./transport.js";

type Gate = { to: string } | { result: SendResult } | { raced: true };
/** A stored text's template as the send rules judge it (a row without one is a check-in question). */
const templateOf = (row: Row): TemplateName => (row.template ?? "checkin.question") as TemplateName;

/**
 * Whether a new text may be stored already claimed for sending (`insertOutbound`): the rules send
 * it now and the no-consent caps do not judge it (so no counts of recent texts are needed). The
 * insert then claims it only if the patient's row still says what was read; otherwise, and
 * whenever this is false, the row is stored PENDING and `gate` judges it in a transaction.
 */
export function claimAtStore(seen: GatePatient, purpose: SmsPurpose, template: TemplateName): boolean {
  if (capsApply(seen, purpose, template)) return false;
  const decision = decideSend({
    patient: seen,
    purpose,
    template,
    now: now(),
    sentLastDay: 0,
    sentLastWeek: 0,
  });
  return decision.verdict === "SEND";
}

/** Runs the rules and, when they allow it, claims the row (PENDING -> SENDING) in one transaction. */
async function gate(db: Db, row: Row, purpose: SmsPurpose): Promise<Gate> {
  return db.$transaction(async (tx) => {
    // Row lock on the patient: concurrent sends see each other when counting the no-consent caps,
    // and an opt-out arriving meanwhile is seen before the text goes.
    const [patient] = await tx.$queryRaw<GatePatient[]>`
      SELECT phone, "optedOut", "phoneStatus"::text AS "phoneStatus", "consentStatus"::text AS "consentStatus",
        "timeZone", "outreachPausedAt"
      FROM "Patient" WHERE id = ${row.patientId} FOR UPDATE`;
    if (!patient) throw new Error(`message ${row.id}: its patient is gone`);
    const template = templateOf(row);
    const counts = capsApply(patient, purpose, template)
      ? await countRecentAttempts(tx, row.patientId, row.id)
      : { day: 0, week: 0 };
    const decision = decideSend({
      patient,
      purpose,
      template,
      now: now(),
      sentLastDay: counts.day,
      sentLastWeek: counts.week,
    });
    const pending = { id: row.id, status: MessageStatus.PENDING };
    switch (decision.verdict) {
      case "SUPPRESS": {
        await tx.message.updateMany({ where: pending, data: { status: MessageStatus.SUPPRESSED } });
        return {
          result: { kind: "SUPPRESSED", messageId: row.id, reason: decision.reason, replayed: false },
        };
      }
      case "DEFER": {
        await tx.message.updateMany({ where: pending, data: { sendAfter: decision.notBefore } });
        const result: SendResult = {
          kind: "DEFERRED",
          messageId: row.id,
          reason: "QUIET_HOURS",
          notBefore: decision.notBefore,
        };
        return { result };
      }
      case "SEND": {
        const claimed = await tx.message.updateMany({
          where: pending,
          data: {
            status: MessageStatus.SENDING,
            sendAttempts: { increment: 1 },
            sendAfter: null,
            updatedAt: now(),
          },
        });
        return claimed.count === 1 ? { to: patient.phone } : { raced: true };
      }
    }
  });
}

/** Sends a PENDING row the gate allows, or picks up one left SENDING by an attempt that never heard back. */
export async function deliver(
  db: Db,
  transport: SmsTransport,
  row: Row,
  purpose: SmsPurpose,
): Promise<SendResult> {
  if (row.status === MessageStatus.SENDING) {
    const recovered = await recoverInFlight(db, transport, row);
    if (recovered) return recovered;
  }
  const g = await gate(db, row, purpose);
  if ("result" in g) return g.result;
  if ("raced" in g) throw new RetryableSmsError("message is being sent by another attempt", row.id, null);
  return sendClaimed(db, transport, row, g.to);
}

/** Hands a row this attempt claimed (SENDING) to the provider and records the answer. */
export async function sendClaimed(
  db: Db,
  transport: SmsTransport,
  row: Row,
  to: string,
): Promise<SendResult> {
  try {
    const pm = await transport.send({ messageId: row.id, to, body: row.body });
    const recorded = await recordProviderMessage(db, row.id, pm);
    metrics.textSent();
    logger.info("sms sent", { messageId: row.id, template: row.template, transport: transport.kind });
    if (!recorded) return sentResult(db, row.id);
    return {
      kind: "SENT",
      messageId: row.id,
      providerSid: pm.providerSid,
      status: recorded,
      replayed: false,
    };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return handleFailure(db, transport, row, to, err);
  }
}

// A previous attempt claimed the row and never recorded an answer (crash, lost response).
// Ask the provider before sending again, so the patient never gets the text twice.
async function recoverInFlight(db: Db, transport: SmsTransport, row: Row): Promise<SendResult | null> {
  // Another attempt may still be waiting for Twilio's answer: looking now could miss its message
  // and send a second one. Wait until it ended (sendAfter set) or its lease ran out (it crashed).
  const ended = row.sendAfter !== null;
  const stale = now().getTime() - row.updatedAt.getTime() > transport.inFlightLeaseMs;
  if (!ended && !stale) throw new RetryableSmsError("message is being sent by another attempt", row.id, null);
  const patient = await db.patient.findUniqueOrThrow({
    where: { id: row.patientId },
    select: { phone: true },
  });
  if (await reconcile(db, transport, row, patient.phone)) return sentResult(db, row.id);
  await releaseForRetry(db, row.id, null);
  return null;
}

async function reconcile(db: Tx, transport: SmsTransport, row: Row, to: string): Promise<boolean> {
  let candidates: Awaited<ReturnType<SmsTransport["findSent"]>>;
  try {
    candidates = await transport.findSent({ to, body: row.body, since: row.createdAt });
  } catch (err) {
    const code = err instanceof TransportError ? err.message : "UNKNOWN";
    throw new RetryableSmsError(`cannot reconcile an unanswered send (${code})`, row.id, null);
  }
  if (candidates.length === 0) return false;
  const owned = await db.message.findMany({
    where: { providerSid: { in: candidates.map((c) => c.providerSid) } },
    select: { providerSid: true },
  });
  const ownedSids = new Set(owned.map((o) => o.providerSid));
  const match = candidates
    .filter((c) => !ownedSids.has(c.providerSid))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  if (!match) return false;
  try {
    await recordProviderMessage(db, row.id, match);
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
  logger.warn("sms reconciled a send whose response was lost", { messageId: row.id });
  return true;
}

async function sentResult(db: Tx, id: string): Promise<SendResult> {
  const r = await db.message.findUniqueOrThrow({ where: { id }, select: outboundSelect });
  return { kind: "SENT", messageId: id, providerSid: r.providerSid, status: r.status, replayed: false };
}

async function handleFailure(
  db: Db,
  transport: SmsTransport,
  row: Row,
  to: string,
  err: TransportError,
): Promise<SendResult> {
  const action = classifyProviderFailure(err.failure);
  logger.warn("sms send failed", { messageId: row.id, action: action.action, errorCode: action.errorCode });
  switch (action.action) {
    case "OPT_OUT": {
      await db.$transaction(async (tx) => {
        const t = now();
        await tx.patient.updateMany({
          where: { id: row.patientId, optedOut: false },
          data: { optedOut: true, optedOutAt: t },
        });
        await markFailed(tx, row.id, action.errorCode);
      });
      return { kind: "OPTED_OUT", messageId: row.id, errorCode: action.errorCode, replayed: false };
    }
    case "PHONE_BAD": {
      await db.$transaction(async (tx) => {
        await tx.patient.update({ where: { id: row.patientId }, data: { phoneStatus: action.phoneStatus } });
        await markFailed(tx, row.id, action.errorCode);
      });
      return {
        kind: "PHONE_UNUSABLE",
        messageId: row.id,
        phoneStatus: action.phoneStatus,
        errorCode: action.errorCode,
        needsPhoneOutreach: true,
        replayed: false,
      };
    }
    case "RETRY": {
      if (action.outcomeUnknown) {
        const found = await reconcile(db, transport, row, to).catch(async (e: unknown) => {
          await markAttemptEnded(db, row.id);
          throw e;
        });
        if (found) return sentResult(db, row.id);
      }
      await releaseForRetry(db, row.id, action.errorCode);
      throw new RetryableSmsError(
        `sms send should be retried (${action.errorCode ?? "unknown"})`,
        row.id,
        action.errorCode,
      );
    }
    case "FAIL": {
      await markFailed(db, row.id, action.errorCode);
      return { kind: "FAILED", messageId: row.id, errorCode: action.errorCode, replayed: false };
    }
  }
}
