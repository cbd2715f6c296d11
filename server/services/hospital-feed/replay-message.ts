import { notFound } from "../../lib/errors.js";
import { APPLIED_RESULTS, type Applied, scheduleAdt } from "./feed-queue.js";
import { type FeedInput, feedDeps } from "./judge-adt.js";
import { judgeStored } from "./judge-stored.js";
import { recordOutcome } from "./message-store.js";

/**
 * An admin's replay: the stored raw message (HL7 v2 or a FHIR Bundle) through the same use case as
 * when it arrived, in the patient's queue (after any message of theirs still waiting). A message
 * already applied changes nothing (no second enrolment); every attempt and its result is recorded.
 */
export async function replayHospitalMessage(deps: FeedInput, opts: { id: string; userId: string }) {
  const feed = feedDeps(deps);
  const row = await feed.db.hospitalMessage.findUnique({
    where: { id: opts.id },
    select: { id: true, raw: true, format: true, result: true, ackCode: true },
  });
  if (!row) throw notFound("Message");
  const judged = judgeStored(feed, row);
  let applied: Applied;
  if ("command" in judged) applied = await scheduleAdt(feed, row.id, judged.command);
  else if (APPLIED_RESULTS.has(row.result)) {
    const outcome = { ...judged.outcome, result: row.result, reason: "Already applied: nothing changed" };
    applied = { outcome: outcome as Applied["outcome"], alreadyApplied: true };
  } else {
    await recordOutcome(feed.db, row.id, judged.outcome);
    applied = { outcome: judged.outcome, alreadyApplied: false };
  }
  if (row.format === "FHIR" && row.ackCode === "503" && applied.outcome.result !== "FAILED") {
    // The sender was told to retry; its retry now gets the answer the replay came to, not a 503.
    await feed.db.hospitalMessage.update({ where: { id: row.id }, data: { ackCode: "200" } });
  }
  const reason = (applied.outcome.reason ?? applied.outcome.ack.reason ?? null)?.slice(0, 500) ?? null;
  const replay = await feed.db.hospitalMessageReplay.create({
    data: {
      messageId: row.id,
      userId: opts.userId,
      result: applied.outcome.result,
      reason,
      alreadyApplied: applied.alreadyApplied,
    },
    select: { id: true, result: true, reason: true, alreadyApplied: true, createdAt: true },
  });
  return replay;
}
