import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { logger } from "../../lib/logger.js";
import type { NoteSendStarter } from "./outbox/queue-note.js";

/**
 * An admin re-sends a note the EHR would not take (the interface is fixed, the EHR is back): a new
 * durable `ehr.send-note` run with a fresh round of retries. The EHR still sees the note's own id
 * (conditional create, MDM control id), so a copy that did land despite the failure is found, not
 * filed twice. Only a FAILED note can be re-sent, and only once per failure (two admins clicking
 * at once start one run).
 */
export async function resendEhrNote(
  deps: { db: Db; start: NoteSendStarter },
  opts: { noteId: string; userId: string },
) {
  const { db } = deps;
  const note = await db.ehrNote.findUnique({
    where: { id: opts.noteId },
    select: { id: true, status: true, attempts: true, resends: true, patientId: true },
  });
  if (!note) throw notFound("Note");
  if (note.status !== "FAILED")
    throw new AppError(
      "CONFLICT",
      `Only a failed note can be re-sent; this one is ${note.status.toLowerCase()}`,
    );
  const resends = note.resends + 1;
  const moved = await db.ehrNote.updateMany({
    where: { id: note.id, status: "FAILED", resends: note.resends },
    data: {
      status: "QUEUED",
      runId: null,
      resends,
      roundStart: note.attempts,
      resentAt: now(),
      resentById: opts.userId,
    },
  });
  if (moved.count === 0) throw new AppError("CONFLICT", "This note was re-sent already");
  try {
    const runId = await deps.start({ id: note.id, patientId: note.patientId, resends });
    await db.ehrNote.update({ where: { id: note.id }, data: { runId } });
  } catch (err) {
    // Queued with no run: the minute dispatcher starts it under the same key, so once.
    logger.warn("ehr note re-send left to the dispatcher", { noteId: note.id, error: (err as Error).name });
  }
  return db.ehrNote.findUniqueOrThrow({
    where: { id: note.id },
    select: { id: true, status: true, attempts: true, resends: true },
  });
}
