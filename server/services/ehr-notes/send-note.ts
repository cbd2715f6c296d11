import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { logger } from "../../lib/logger.js";
import { composeEpisodeCloseNote, composeTaskNote } from "./compose.js";
import type { EhrConfig } from "./config.js";
import { noteDocument, postDocument } from "./document-reference.js";
import { PermanentNoteError, RetryableNoteError } from "./errors.js";
import { closeNoteFailedTask, openNoteFailedTask } from "./failed-note.js";
import { intakeRefs } from "./intake-refs.js";
import { ackCode, buildMdmT02, sendMllp } from "./mdm.js";

/** Attempts per note before it is given up (the task's retry setting uses the same number). */
export const EHR_NOTE_MAX_ATTEMPTS = 6;

type EhrNote = NonNullable<Awaited<ReturnType<Db["ehrNote"]["findUnique"]>>>;

export type AttemptResult = { status: "ACCEPTED" | "SENT" | "FAILED" | "MISSING"; ehrId?: string | null };

type Deps = { db: Db; jobs: JobStarter; config: EhrConfig };

/**
 * One attempt at delivering a note. Exactly once per note: a note already accepted, kept in the
 * outbox or given up is left alone; every attempt carries the note's own id (FHIR conditional
 * create, MDM control id), so one that reached the EHR but lost its answer is recognised there.
 * A retryable failure throws (the task retries with backoff) until the last attempt, which marks
 * the note FAILED and opens a task instead.
 */
export async function attemptEhrNote(
  deps: Deps,
  noteId: string,
  maxAttempts = EHR_NOTE_MAX_ATTEMPTS,
): Promise<AttemptResult> {
  const { db, config } = deps;
  const note = await db.ehrNote.findUnique({ where: { id: noteId } });
  if (!note) return { status: "MISSING" };
  if (note.status === "ACCEPTED" || note.status === "FAILED")
    return { status: note.status, ehrId: note.ehrId };
  if (note.status === "SENT" && note.channel === "OUTBOX") return { status: "SENT" };
  const text = note.text ?? (await compose(db, note));
  const attempts = note.attempts + 1;
  const channel = config.destination.kind;
  await db.ehrNote.update({
    where: { id: noteId },
    data: { text, attempts, channel, status: "SENT", sentAt: now() },
  });
  try {
    const ehrId = await deliver(deps, { ...note, text });
    if (ehrId === null) {
      await db.ehrNote.update({ where: { id: noteId }, data: { failReason: null } });
      return { status: "SENT" };
    }
    await db.ehrNote.update({
      where: { id: noteId },
      data: { status: "ACCEPTED", ehrId, acceptedAt: now(), failReason: null },
    });
    logger.info("ehr note accepted", { noteId, channel, attempts });
    // Landed after an admin's re-send: the task the failure opened is done.
    if (note.adminTaskId) await closeNoteFailedTask(deps, note.adminTaskId);
    return { status: "ACCEPTED", ehrId };
  } catch (err) {
    const reason = (err as Error).message.slice(0, 300);
    const known = err instanceof RetryableNoteError || err instanceof PermanentNoteError;
    logger.warn("ehr note attempt failed", {
      noteId,
      channel,
      attempts,
      // Our own words only: an EHR's error text (MSA-3) stays in the note's row, out of the logs.
      error: known ? (reason.split(":")[0] ?? reason) : (err as Error).name,
    });
    // Each round (the first send, each admin re-send) has its own retries.
    if (err instanceof PermanentNoteError || attempts - note.roundStart >= maxAttempts) {
      await db.ehrNote.update({
        where: { id: noteId },
        data: { status: "FAILED", failReason: reason, failedAt: now() },
      });
      const adminTaskId = await openNoteFailedTask(deps, { ...note, attempts }, reason);
      await db.ehrNote.update({ where: { id: noteId }, data: { adminTaskId } });
      return { status: "FAILED" };
    }
    await db.ehrNote.update({ where: { id: noteId }, data: { status: "QUEUED", failReason: reason } });
    throw err;
  }
}

function compose(db: Db, note: EhrNote): Promise<string> {
  if (note.kind === "EPISODE_CLOSED" && note.episodeId) return composeEpisodeCloseNote(db, note.episodeId);
  if (note.taskId) return composeTaskNote(db, note.taskId);
  throw new PermanentNoteError("Note has nothing to document");
}

/** Sends to the configured destination; the EHR's id, or null when kept in the local outbox. */
async function deliver(deps: Deps, note: EhrNote & { text: string }): Promise<string | null> {
  const { destination, timeoutMs, noteIdSystem } = deps.config;
  if (destination.kind === "OUTBOX") return null;
  const refs = await intakeRefs(deps.db, note.patientId, note.episodeId);
  const at = note.createdAt;
  if (destination.kind === "FHIR") {
    const title =
      note.kind === "EPISODE_CLOSED" ? "Transitional care episode summary" : "Transitional care nurse note";
    const author = await authorOf(deps.db, note);
    const doc = noteDocument({ id: note.id, text: note.text, at, title, author }, refs, noteIdSystem);
    return postDocument(destination, doc, timeoutMs);
  }
  const ack = await sendMllp(destination, buildMdmT02({ id: note.id, text: note.text, at }, refs), timeoutMs);
  const { code, text } = ackCode(ack);
  if (code === "AA" || code === "CA") return `MDM ${note.id}`;
  throw new RetryableNoteError(`EHR answered ${code || "an unreadable ACK"}${text ? `: ${text}` : ""}`);
}

async function authorOf(db: Db, note: EhrNote): Promise<string> {
  if (!note.taskId) return "Sequora care team";
  const task = await db.escalationTask.findUnique({
    where: { id: note.taskId },
    select: { assignee: { select: { name: true } } },
  });
  return task?.assignee?.name ?? "Sequora care team";
}
