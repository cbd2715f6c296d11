import type { Db, Tx } from "../../../db/client.js";

// Notes are queued in the same transaction as what they document (the task's resolution, the
// episode's close): a row in EhrNote, the outbox. `dispatchEhrNotes` then starts one durable send
// per note, so a crash between the two loses nothing.

/** Reasons whose resolution files no note: the note about a note that could not be filed would loop. */
const NO_NOTE_REASONS = new Set(["EHR_NOTE_FAILED"]);

export async function queueTaskNote(tx: Db | Tx, taskId: string): Promise<void> {
  const task = await tx.escalationTask.findUniqueOrThrow({
    where: { id: taskId },
    select: { patientId: true, episodeId: true, primaryReason: true },
  });
  if (NO_NOTE_REASONS.has(task.primaryReason)) return;
  await tx.ehrNote.createMany({
    data: [
      {
        kind: "TASK_RESOLVED",
        sourceKey: `task:${taskId}`,
        patientId: task.patientId,
        episodeId: task.episodeId,
        taskId,
      },
    ],
    skipDuplicates: true,
  });
}

export async function queueEpisodeCloseNote(tx: Db | Tx, episodeId: string): Promise<void> {
  const episode = await tx.episode.findUniqueOrThrow({
    where: { id: episodeId },
    select: { patientId: true },
  });
  await tx.ehrNote.createMany({
    data: [
      { kind: "EPISODE_CLOSED", sourceKey: `episode:${episodeId}`, patientId: episode.patientId, episodeId },
    ],
    skipDuplicates: true,
  });
}

/** Starts one durable send; keyed on the note id and its re-send count (server/jobs `startEhrNoteSend`). */
export type NoteSendStarter = (note: { id: string; patientId: string; resends: number }) => Promise<string>;

/**
 * Starts the send of every queued note that has no run yet (keyed on the note id, so a second
 * dispatcher or a re-run starts nothing twice). Returns how many were started.
 */
export async function dispatchEhrNotes(
  deps: { db: Db; start: NoteSendStarter },
  opts: { limit?: number } = {},
): Promise<number> {
  const queued = await deps.db.ehrNote.findMany({
    where: { status: "QUEUED", runId: null },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
    select: { id: true, patientId: true, resends: true },
  });
  for (const note of queued) {
    const runId = await deps.start(note);
    await deps.db.ehrNote.update({ where: { id: note.id }, data: { runId } });
  }
  return queued.length;
}
