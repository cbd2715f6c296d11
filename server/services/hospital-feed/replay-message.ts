import { parseHl7 } from "../../hl7/index.js";
import { notFound } from "../../lib/errors.js";
import { APPLIED_RESULTS, type Applied, scheduleAdt } from "./feed-queue.js";
import { type FeedInput, feedDeps, judgeOnSight } from "./judge-adt.js";
import { recordOutcome } from "./message-store.js";

/**
 * An admin's replay: the stored raw message through the same use case as when it arrived, in the
 * patient's queue (after any message of theirs still waiting). A message already applied changes
 * nothing (no second enrolment); every attempt and its result is recorded.
 */
export async function replayHospitalMessage(deps: FeedInput, opts: { id: string; userId: string }) {
  const feed = feedDeps(deps);
  const row = await feed.db.hospitalMessage.findUnique({
    where: { id: opts.id },
    select: { id: true, raw: true, result: true, patientId: true, episodeId: true },
  });
  if (!row) throw notFound("Message");
  const judged = judgeOnSight(feed, parseHl7(row.raw), row.raw.length);
  let applied: Applied;
  if ("command" in judged) applied = await scheduleAdt(feed, row.id, judged.command);
  else if (APPLIED_RESULTS.has(row.result)) {
    const outcome = { ...judged.outcome, result: row.result, reason: "Already applied: nothing changed" };
    applied = { outcome: outcome as Applied["outcome"], alreadyApplied: true };
  } else {
    await recordOutcome(feed.db, row.id, judged.outcome);
    applied = { outcome: judged.outcome, alreadyApplied: false };
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
