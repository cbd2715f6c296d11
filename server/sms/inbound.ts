import { randomBytes } from "node:crypto";
import { type Db, MessageDirection, MessageStatus } from "../db/client.js";
import { now } from "../lib/clock.js";
import { logger } from "../lib/logger.js";
import { loadSmsConfig, type SmsConfig } from "./config.js";
import { applyKeyword } from "./keyword-actions.js";
import { classifyKeyword, type Keyword } from "./keywords.js";
import { isUniqueViolation } from "./message-store.js";
import { normalizePhone, phoneLogRef } from "./phone.js";
import { createSmsService, type SmsService } from "./send.js";

/** Hands a stored inbound message to the workflow (triage). Must be idempotent per message id. */
export type OnInbound = (messageId: string) => Promise<void> | void;

export type InboundResult =
  | { kind: "STORED"; messageId: string; patientId: string; keyword: Keyword | null; dispatch: boolean }
  | { kind: "DUPLICATE"; messageId: string }
  | { kind: "UNKNOWN_SENDER" };

export interface ReceiveInboundOptions {
  db: Db;
  config: SmsConfig;
  from: string;
  body: string;
  /** Twilio MessageSid; the simulator leaves it out and gets a local one. */
  providerSid?: string;
  sms?: SmsService;
  /** Called after this function returns, never awaited by it. */
  onInbound?: OnInbound;
}

/** Runs onInbound outside the caller's path (after the HTTP answer); failures are only logged. */
export function dispatchInbound(onInbound: OnInbound, messageId: string): void {
  setImmediate(() => {
    Promise.resolve()
      .then(() => onInbound(messageId))
      .catch((err: unknown) => logger.error("sms inbound dispatch failed", { messageId, err: errName(err) }));
  });
}

function errName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : "unknown";
}

// One round trip for the webhook's hot path: the patient and their active episode together.
async function findSender(
  db: Db,
  phone: string,
): Promise<{ patientId: string; episodeId: string | null } | null> {
  const rows = await db.$queryRaw<{ patientId: string; episodeId: string | null }[]>`
    SELECT p.id AS "patientId",
      (SELECT e.id FROM "Episode" e WHERE e."patientId" = p.id AND e.status = 'ACTIVE'
        ORDER BY e."dischargedAt" DESC LIMIT 1) AS "episodeId"
    FROM "Patient" p WHERE p.phone = ${phone}`;
  return rows[0] ?? null;
}

/** The inbound pipeline without HTTP: store once, apply keywords, then hand over to the workflow. */
export async function receiveInbound(opts: ReceiveInboundOptions): Promise<InboundResult> {
  const { db, config } = opts;
  const phone = normalizePhone(opts.from);
  const sender = phone ? await findSender(db, phone) : null;
  if (!sender) {
    // Nothing identifying is stored for strangers; the keyed reference lets ops correlate repeats.
    const key = config.mode === "connected" ? config.authToken : "sequora-embedded";
    logger.warn("sms from unknown number ignored", { senderRef: phoneLogRef(phone ?? opts.from, key) });
    return { kind: "UNKNOWN_SENDER" };
  }
  const patient = { id: sender.patientId };
  const episode = sender.episodeId ? { id: sender.episodeId } : null;
  const sid = opts.providerSid ?? `SI${randomBytes(16).toString("hex")}`;
  let messageId: string;
  try {
    const created = await db.message.create({
      data: {
        patientId: patient.id,
        episodeId: episode?.id ?? null,
        direction: MessageDirection.INBOUND,
        body: opts.body,
        status: MessageStatus.RECEIVED,
        providerSid: sid,
        idempotencyKey: `inbound:${sid}`,
        createdAt: now(),
      },
      select: { id: true },
    });
    messageId = created.id;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const dup = await db.message.findUnique({ where: { providerSid: sid }, select: { id: true } });
    return { kind: "DUPLICATE", messageId: dup?.id ?? "" };
  }
  const sms = opts.sms ?? createSmsService({ db, config });
  const ref = { id: messageId, patientId: patient.id, episodeId: episode?.id ?? null };
  const outcome = await handleStored(db, sms, ref, opts.body);
  if (outcome.dispatch && opts.onInbound) dispatchInbound(opts.onInbound, messageId);
  return {
    kind: "STORED",
    messageId,
    patientId: patient.id,
    keyword: outcome.keyword,
    dispatch: outcome.dispatch,
  };
}

async function handleStored(
  db: Db,
  sms: SmsService,
  ref: { id: string; patientId: string; episodeId: string | null },
  body: string,
): Promise<{ keyword: Keyword | null; dispatch: boolean }> {
  const keyword = classifyKeyword(body);
  if (!keyword) return { keyword, dispatch: true };
  try {
    const dispatch = await applyKeyword(db, sms, ref, keyword);
    if (!dispatch) await markInboundProcessed(db, ref.id);
    return { keyword, dispatch };
  } catch (err) {
    // The state change may be done and only the confirmation failed: processedAt stays null so
    // processPendingInbound finishes it later; the HTTP answer to Twilio is unaffected.
    logger.error("sms keyword handling failed", { messageId: ref.id, keyword, err: errName(err) });
    return { keyword, dispatch: false };
  }
}

export async function markInboundProcessed(db: Db, id: string): Promise<void> {
  await db.message.updateMany({
    where: { id, direction: MessageDirection.INBOUND, processedAt: null },
    data: { processedAt: now() },
  });
}

/**
 * Durability sweep: inbound messages stored but never marked processed (crash after the 200,
 * dispatch failure, keyword confirmation that failed) are handled again. Consumers mark messages
 * processed via markInboundProcessed once their own work is durable.
 */
export async function processPendingInbound(opts: {
  db: Db;
  onInbound: OnInbound;
  olderThanMs: number;
  config?: SmsConfig;
  sms?: SmsService;
  limit?: number;
}): Promise<{ dispatched: number; keywordsHandled: number; failed: number }> {
  const { db } = opts;
  const cutoff = new Date(now().getTime() - opts.olderThanMs);
  const pending = await db.message.findMany({
    where: {
      direction: MessageDirection.INBOUND,
      status: MessageStatus.RECEIVED,
      processedAt: null,
      createdAt: { lte: cutoff },
    },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
    select: { id: true, patientId: true, episodeId: true, body: true },
  });
  const counts = { dispatched: 0, keywordsHandled: 0, failed: 0 };
  if (pending.length === 0) return counts;
  const sms = opts.sms ?? createSmsService({ db, config: opts.config ?? loadSmsConfig(process.env) });
  for (const m of pending) {
    try {
      const keyword = classifyKeyword(m.body);
      const dispatch = keyword ? await applyKeyword(db, sms, m, keyword) : true;
      if (keyword) counts.keywordsHandled++;
      if (!dispatch) {
        await markInboundProcessed(db, m.id);
        continue;
      }
      await opts.onInbound(m.id);
      counts.dispatched++;
    } catch (err) {
      counts.failed++;
      logger.error("sms pending inbound failed", { messageId: m.id, err: errName(err) });
    }
  }
  return counts;
}
