import type { HospitalMessageResult } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { logger } from "../../lib/logger.js";
import { acksQuiet } from "./ack-first.js";
import { actOnAdt, type FeedDeps } from "./act-on-adt.js";
import type { ActionableAdt } from "./judge-adt.js";
import { judgeStored } from "./judge-stored.js";
import { KeyedQueue } from "./keyed-queue.js";
import { type Outcome, recordOutcome } from "./message-store.js";

/**
 * Results that changed a patient or an episode. Applying such a message again (a second pass after
 * a crash, an admin's replay) would enrol twice or put back older demographics: it never is.
 */
export const APPLIED_RESULTS: ReadonlySet<HospitalMessageResult> = new Set([
  "ENROLLED",
  "UPDATED",
  "CANCELED",
  "RETURNED",
]);

/** Passes of the sweep over a message that failed on our side before an admin must replay it. */
export const RETRY_LIMIT = 5;

// Acting on a message takes a handful of queries; four at once leave the rest of the pool to the
// listener, which only needs one insert to store and acknowledge the next message.
const queue = new KeyedQueue(4);

// Longest an action waits for a gap in the ACKs (ack-first.ts): bounds how far acting can lag.
const ACT_YIELD_MS = 100;

export interface Applied {
  outcome: Outcome;
  /** The message had already been applied: nothing was done this time. */
  alreadyApplied: boolean;
}

/** Acts on a stored message after every earlier message of the same patient. */
export function scheduleAdt(feed: FeedDeps, messageId: string, command: ActionableAdt): Promise<Applied> {
  return queue.run(`patient:${command.patient.mrn}`, messageId, () => applyStored(feed, messageId, command));
}

/** True while the message waits in this process's queue or is being acted on. */
export const isQueued = (messageId: string) => queue.has(messageId);

/** Resolves when every message queued so far has been acted on (tests, the bench, shutdown). */
export const drainAdtFeed = () => queue.drain();

async function applyStored(feed: FeedDeps, id: string, command: ActionableAdt): Promise<Applied> {
  const row = await feed.db.hospitalMessage.findUnique({
    where: { id },
    select: { result: true, patientId: true, episodeId: true },
  });
  if (!row) {
    const outcome: Outcome = { result: "IGNORED", ack: { code: "AA" }, reason: "No longer stored" };
    return { outcome, alreadyApplied: true };
  }
  if (APPLIED_RESULTS.has(row.result)) {
    const reason = "Already applied: nothing changed";
    const outcome: Outcome = {
      result: row.result as Outcome["result"],
      ack: { code: "AA" },
      reason,
      patientId: row.patientId,
      episodeId: row.episodeId,
    };
    return { outcome, alreadyApplied: true };
  }
  await acksQuiet(ACT_YIELD_MS);
  let outcome: Outcome;
  try {
    outcome = await actOnAdt(feed, command, id);
  } catch (err) {
    // Ours, not the sender's: the message was accepted and stays stored; the sweep tries again.
    logger.error("hospital message failed", { messageId: id, error: (err as Error).name });
    outcome = { result: "FAILED", ack: { code: "AA" }, reason: "Failed at Sequora: retried automatically" };
  }
  await recordOutcome(feed.db, id, outcome);
  return { outcome, alreadyApplied: false };
}

/** Queues a message in the background; a failure to even record is left to the sweep. */
export function scheduleInBackground(feed: FeedDeps, messageId: string, command: ActionableAdt): void {
  scheduleAdt(feed, messageId, command).catch((err: unknown) =>
    logger.error("hospital message not processed; the sweep retries", {
      messageId,
      error: (err as Error).name,
    }),
  );
}

/**
 * Messages stored but not acted on (a crash between the ACK and the act) or that failed on our
 * side: queued again, oldest first. Returns how many were queued.
 */
export async function sweepAdtMessages(feed: FeedDeps, opts: { olderThanMs: number; limit?: number }) {
  const rows = await feed.db.hospitalMessage.findMany({
    where: {
      // receivedAt is written on the process clock (virtual time in a demo), so it is compared on it.
      receivedAt: { lt: new Date(now().getTime() - opts.olderThanMs) },
      // A FHIR sender owns its retries (it is answered 503 and resends); only MLLP/HTTPS HL7 v2
      // messages, already acknowledged AA, are the sweep's to finish.
      format: "HL7V2",
      OR: [{ result: "RECEIVED" }, { result: "FAILED", attempts: { lt: RETRY_LIMIT } }],
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? 200,
    select: { id: true, raw: true },
  });
  let queued = 0;
  for (const row of rows) {
    if (isQueued(row.id)) continue;
    const judged = judgeStored(feed, { raw: row.raw, format: "HL7V2" });
    if ("outcome" in judged) await recordOutcome(feed.db, row.id, judged.outcome);
    else {
      scheduleInBackground(feed, row.id, judged.command);
      queued++;
    }
  }
  return queued;
}

/** Sweeps what a crash left, then every `everyMs`; returns the stop function. */
export function startAdtSweeper(feed: FeedDeps, everyMs = 15_000): () => void {
  const sweep = (olderThanMs: number) =>
    sweepAdtMessages(feed, { olderThanMs }).catch((err: unknown) =>
      logger.error("hospital message sweep failed", { error: (err as Error).name }),
    );
  // The first pass waits a moment: the app starts its run engine after the feed's routes.
  const first = setTimeout(() => void sweep(0), 3_000);
  const timer = setInterval(() => void sweep(10_000), everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
