import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { logger } from "../../lib/logger.js";
import {
  classifyKeyword,
  type Keyword,
  normalizePhone,
  phoneLogRef,
  type SmsConfig,
  type SmsService,
} from "../../sms/index.js";
import { listUnprocessed, markInboundProcessed, storeInbound } from "./inbound-store.js";
import { applyReceiptMeaning } from "./keyword-actions.js";

/** What receiving a patient message needs; `jobs.routeInbound` is the one hand-off to routing. */
export interface InboundDeps {
  db: Db;
  sms: SmsService;
  jobs: Pick<JobStarter, "routeInbound">;
  /** For the keyed reference logged for unknown senders. */
  config: SmsConfig;
}

export type InboundResult =
  | { kind: "STORED"; messageId: string; patientId: string; keyword: Keyword | null; dispatch: boolean }
  | { kind: "DUPLICATE"; messageId: string }
  | { kind: "UNKNOWN_SENDER" };

/**
 * Receive a patient message (the Twilio webhook and the phone simulator alike): store it once,
 * apply keywords and consent at once, then hand it to routing after this function has returned
 * (so the webhook answers Twilio first). Routing marks it processed; the sweep below catches what
 * a crash lost in between.
 */
export async function receivePatientMessage(
  deps: InboundDeps,
  input: {
    from: string;
    body: string /** Twilio MessageSid; the simulator gets a local one. */;
    providerSid?: string;
  },
): Promise<InboundResult> {
  const { db, config } = deps;
  const phone = normalizePhone(input.from);
  const providerSid = input.providerSid ?? `SI${randomBytes(16).toString("hex")}`;
  const stored = await storeInbound(db, { phone, body: input.body, providerSid });
  if (stored.kind === "UNKNOWN_SENDER") {
    // Nothing identifying is stored for strangers; the keyed reference lets ops correlate repeats.
    const key = config.mode === "connected" ? config.authToken : "sequora-embedded";
    logger.warn("sms from unknown number ignored", { senderRef: phoneLogRef(phone ?? input.from, key) });
    return { kind: "UNKNOWN_SENDER" };
  }
  if (stored.kind === "DUPLICATE") return { kind: "DUPLICATE", messageId: stored.id };
  const ref = { id: stored.id, patientId: stored.patientId, episodeId: stored.episodeId };
  const { keyword, handOver } = await settleAtReceipt(deps, ref, input.body);
  if (handOver) setImmediate(() => void handOverToRouting(deps, stored.id));
  return { kind: "STORED", messageId: stored.id, patientId: stored.patientId, keyword, dispatch: handOver };
}

async function settleAtReceipt(
  deps: InboundDeps,
  ref: { id: string; patientId: string; episodeId: string | null },
  body: string,
): Promise<{ keyword: Keyword | null; handOver: boolean }> {
  try {
    const settled = await applyReceiptMeaning(deps.db, deps.sms, ref, body);
    if (!settled.handOver) await markInboundProcessed(deps.db, ref.id);
    return settled;
  } catch (err) {
    // The state change may be done and only the confirmation failed: processedAt stays null so
    // the sweep finishes it later; the HTTP answer to Twilio is unaffected.
    logger.error("sms keyword handling failed", { messageId: ref.id, err: errName(err) });
    return { keyword: classifyKeyword(body), handOver: false };
  }
}

/** The one hand-off to routing; failures are only logged (the sweep hands the message over again). */
async function handOverToRouting(deps: InboundDeps, messageId: string): Promise<boolean> {
  try {
    await deps.jobs.routeInbound(messageId);
    return true;
  } catch (err) {
    logger.error("sms inbound dispatch failed", { messageId, err: errName(err) });
    return false;
  }
}

/**
 * Durability sweep: inbound messages stored but never marked processed (crash after the 200,
 * hand-off failure, keyword confirmation that failed) are settled and handed over again. Routing
 * marks messages processed once its own work is durable.
 */
export async function sweepPendingInbound(
  deps: InboundDeps,
  opts: { olderThanMs: number; limit?: number },
): Promise<{ dispatched: number; keywordsHandled: number; failed: number }> {
  const cutoff = new Date(now().getTime() - opts.olderThanMs);
  const pending = await listUnprocessed(deps.db, cutoff, opts.limit ?? 100);
  const counts = { dispatched: 0, keywordsHandled: 0, failed: 0 };
  for (const m of pending) {
    try {
      const settled = await applyReceiptMeaning(deps.db, deps.sms, m, m.body);
      if (settled.keyword) counts.keywordsHandled++;
      if (!settled.handOver) {
        await markInboundProcessed(deps.db, m.id);
        continue;
      }
      if (await handOverToRouting(deps, m.id)) counts.dispatched++;
      else counts.failed++;
    } catch (err) {
      counts.failed++;
      logger.error("sms pending inbound failed", { messageId: m.id, err: errName(err) });
    }
  }
  return counts;
}

function errName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : "unknown";
}
