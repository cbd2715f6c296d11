import type { Db } from "../../db/client.js";
import { AppError, notFound } from "../../lib/errors.js";
import type { Actor } from "./task-events.js";

const OPEN_STATES = ["OPEN", "IN_PROGRESS"] as const;

export const isOpen = (status: string) => OPEN_STATES.includes(status as (typeof OPEN_STATES)[number]);

/** The task a nurse command acts on; refused once it is resolved or canceled. */
export async function loadOpenTask(db: Pick<Db, "escalationTask">, taskId: string) {
  const task = await db.escalationTask.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      status: true,
      assigneeId: true,
      patientId: true,
      severity: true,
      version: true,
      monitorRunId: true,
    },
  });
  if (!task) throw notFound("Task");
  if (!isOpen(task.status)) {
    throw new AppError("CONFLICT", `This task is already ${task.status.toLowerCase()}`);
  }
  return task;
}

export function assertOwnerOrSupervisor(
  task: { assigneeId: string | null },
  actor: Actor & { isSupervisor: boolean },
) {
  if (actor.isSupervisor || task.assigneeId === actor.userId) return;
  throw new AppError("FORBIDDEN", "Only the assigned nurse or a supervisor can do this");
}
