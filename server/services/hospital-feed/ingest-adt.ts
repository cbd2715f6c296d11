import { type AckDecision, type Hl7Header, parseHl7 } from "../../hl7/index.js";
import { logger } from "../../lib/logger.js";
import { isQueued, scheduleInBackground } from "./feed-queue.js";
import { type FeedInput, feedDeps, judgeOnSight } from "./judge-adt.js";
import { storeRaw } from "./message-store.js";

export interface AdtSender {
  transport: "MLLP" | "HTTPS";
}

export interface IngestResult {
  ack: AckDecision;
  header: Hl7Header | null;
  messageId: string;
  duplicate: boolean;
}

/**
 * Ingest one HL7 v2 ADT message from a hospital feed. What can be judged from the message alone
 * (unreadable, refused, ignored) is stored with its outcome and answered at once. A message to act
 * on is stored raw, durably, and answered AA (HL7 accept acknowledgment: we now hold it), then acted
 * on through the feed queue, in order per patient; the sweep takes up any message a crash left
 * unprocessed. `raw.size` is the full size when `raw.bytes` was cut short by the transport.
 */
export async function ingestAdtMessage(
  deps: FeedInput,
  raw: { bytes: Uint8Array; size?: number },
  sender: AdtSender,
): Promise<IngestResult> {
  const feed = feedDeps(deps);
  const parsed = parseHl7(raw.bytes);
  const header = parsed.header;
  const judged = judgeOnSight(feed, parsed, raw.size ?? raw.bytes.length);
  const decided = "outcome" in judged ? judged.outcome : null;
  const { row, duplicate } = await storeRaw(feed.db, raw.bytes, header, sender.transport, decided);
  // A resend gets the answer the first copy got and changes nothing; one still waiting (a crash
  // before it was acted on) or that failed on our side is queued again.
  const command = "command" in judged ? judged.command : null;
  const waiting = row.result === "RECEIVED" || row.result === "FAILED";
  if (command && (!duplicate || (waiting && !isQueued(row.id)))) scheduleInBackground(feed, row.id, command);
  const ack = duplicate ? (row.ack ?? { code: "AA" }) : (decided?.ack ?? { code: "AA" });
  log(header, ack, duplicate ? "duplicate" : (decided?.result ?? "ACCEPTED"));
  return { ack, header, messageId: row.id, duplicate };
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
