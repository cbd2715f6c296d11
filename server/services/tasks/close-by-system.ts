import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { recordTaskEvent, SYSTEM } from "./task-events.js";

/**
 * Closes a task whose reason went away by itself (the note landed, the visit was marked), as the
 * system: RESOLVED with no disposition, so `task.resolved` stops the SLA monitor and texts nobody
 * (nobody spoke to the patient). A task someone already closed stays as they left it. Returns
 * whether this call closed it.
 */
export async function closeTaskBySystem(
  deps: { db: Db; jobs: Pick<JobStarter, "afterResolve"> },
  taskId: string,
  cause: string,
): Promise<boolean> {
  const task = await deps.db.$transaction(async (tx) => {
    const closed = await tx.escalationTask.updateMany({
      where: { id: taskId, status: { in: ["OPEN", "IN_PROGRESS"] } },
      data: { status: "RESOLVED", resolvedAt: now(), openKey: null, version: { increment: 1 } },
    });
    if (closed.count === 0) return null;
    await recordTaskEvent(tx, taskId, SYSTEM, "RESOLVED", { cause });
    return tx.escalationTask.findUniqueOrThrow({
      where: { id: taskId },
      select: { id: true, patientId: true, monitorRunId: true },
    });
  });
  if (task) await deps.jobs.afterResolve(task);
  return task !== null;
}
