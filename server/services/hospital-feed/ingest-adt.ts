import { type AckDecision, type Hl7Header, parseHl7 } from "../../hl7/index.js";
import { now } from "../../lib/clock.js";
import { logger } from "../../lib/logger.js";
import { actOnAdt, type FeedDeps } from "./act-on-adt.js";
import { mapAdt } from "./adt-mapping.js";
import { type Outcome, recordOutcome, storeRaw } from "./message-store.js";

/** Largest message acted on; bigger ones are stored and refused (an ADT message is a few kB). */
export const MAX_ADT_BYTES = 1_000_000;

export interface AdtSender {
  transport: "MLLP" | "HTTPS";
  /** Replay from the message page: act again even though the message was handled before. */
  replay?: boolean;
}

export interface IngestResult {
  ack: AckDecision;
  header: Hl7Header | null;
  messageId: string;
  duplicate: boolean;
}

/**
 * Ingest one HL7 v2 ADT message from a hospital feed: store it raw, recognise a resend, map it,
 * act on it (enrol, update, cancel, record a return), record what became of it, and say what the
 * ACK must say. `raw.size` is the full size when `raw.bytes` was cut short by the transport.
 */
export async function ingestAdtMessage(
  deps: Omit<FeedDeps, "timeZone"> & { timeZone?: string },
  raw: { bytes: Uint8Array; size?: number },
  sender: AdtSender,
): Promise<IngestResult> {
  const feed: FeedDeps = { ...deps, timeZone: deps.timeZone ?? "America/New_York" };
  const parsed = parseHl7(raw.bytes);
  const { row, duplicate } = await storeRaw(feed.db, raw.bytes, parsed.header, sender.transport);
  const header = parsed.header;
  // A resend of a message already answered for good gets the same answer and changes nothing;
  // one that failed on our side (or never finished) is processed again.
  if (duplicate && row.ack && row.result !== "FAILED" && !sender.replay) {
    log(header, row.ack, "duplicate");
    return { ack: row.ack, header, messageId: row.id, duplicate };
  }
  const outcome = await decide(feed, parsed, raw, row.id);
  await recordOutcome(feed.db, row.id, outcome);
  log(header, outcome.ack, outcome.result);
  return { ack: outcome.ack, header, messageId: row.id, duplicate };
}

async function decide(
  feed: FeedDeps,
  parsed: ReturnType<typeof parseHl7>,
  raw: { bytes: Uint8Array; size?: number },
  messageId: string,
): Promise<Outcome> {
  const size = raw.size ?? raw.bytes.length;
  if (size > MAX_ADT_BYTES) {
    const reason = `Message of ${size} bytes is over the ${MAX_ADT_BYTES} byte limit`;
    return { result: "INVALID", ack: { code: "AR", error: "203", reason } };
  }
  if (!parsed.ok)
    return { result: "INVALID", ack: { code: "AR", error: parsed.error, reason: parsed.reason } };
  const mapped = mapAdt(parsed.message, { timeZone: feed.timeZone, now: now() });
  if (!mapped.ok) {
    return { result: "INVALID", ack: { code: mapped.code, error: mapped.error, reason: mapped.reason } };
  }
  try {
    return await actOnAdt(feed, mapped.command, messageId);
  } catch (err) {
    // Ours, not the sender's: AR tells the engine to resend later, and the resend is processed.
    logger.error("hospital message failed", { messageId, error: (err as Error).name });
    const reason = "Temporary failure at Sequora: resend later";
    return { result: "FAILED", ack: { code: "AR", error: "207", reason } };
  }
}

// Control id, sender, event and result only: never names, numbers or message text.
function log(header: Hl7Header | null, ack: AckDecision, result: string): void {
  logger.info("hospital message", {
    controlId: header?.controlId ?? null,
    sender: header ? `${header.sendingApp}@${header.sendingFacility}` : null,
    event: header ? `${header.messageCode}^${header.event}` : null,
    ack: ack.code,
    result,
  });
}
