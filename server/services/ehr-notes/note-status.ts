import type { Db } from "../../db/client.js";

/** The EHR notes a task page shows: the task's own, and its episode's summary once closed. */
export async function ehrNotesForTask(db: Db, taskId: string) {
  const task = await db.escalationTask.findUnique({ where: { id: taskId }, select: { episodeId: true } });
  if (!task) return [];
  return db.ehrNote.findMany({
    where: {
      OR: [
        { taskId },
        ...(task.episodeId ? [{ episodeId: task.episodeId, kind: "EPISODE_CLOSED" as const }] : []),
      ],
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      status: true,
      channel: true,
      ehrId: true,
      failReason: true,
      attempts: true,
      resends: true,
      adminTaskId: true,
      updatedAt: true,
    },
  });
}
