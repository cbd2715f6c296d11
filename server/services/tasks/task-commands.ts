import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { assertOwnerOrSupervisor, isOpen, loadOpenTask } from "./open-task.js";
import { type Actor, recordTaskEvent } from "./task-events.js";

export { claimTask } from "./claim-task.js";
export { type ReassignResult, reassign, reassignTasks } from "./reassign-tasks.js";
export { resolve, resolveTask } from "./resolve-task.js";

type ReleaseOpts = { taskId: string; reason: string; actor: Actor & { isSupervisor: boolean } };

/** Back to the unassigned pool, with the reason on the audit trail. */
export async function releaseTask(db: Db, opts: ReleaseOpts) {
  return db.$transaction(async (tx) => {
    const task = await loadOpenTask(tx, opts.taskId);
    assertOwnerOrSupervisor(task, opts.actor);
    await tx.escalationTask.update({
      where: { id: task.id },
      data: {
        status: "OPEN",
        assigneeId: null,
        claimedAt: null,
        assignedAt: null,
        version: { increment: 1 },
      },
    });
    await recordTaskEvent(tx, task.id, opts.actor, "RELEASED", {
      reason: opts.reason,
      from: task.assigneeId,
    });
    return { taskId: task.id, patientId: task.patientId, version: task.version + 1 };
  });
}

/** Release: back to the pool, then the assignment job finds the next on-call nurse. */
export async function release(
  deps: { db: Db; jobs: Pick<JobStarter, "reassignAfterRelease"> },
  opts: ReleaseOpts,
) {
  const released = await releaseTask(deps.db, opts);
  await deps.jobs.reassignAfterRelease({
    id: released.taskId,
    patientId: released.patientId,
    version: released.version,
  });
  return released;
}

/**
 * A note; with `contact: true` it documents a contact with the patient, which is what stops the
 * SLA clock (viewing a task never does), so only the assignee or a supervisor may record one, and
 * only while the task is open. Plain notes are open to any clinical staff while the task is open
 * (a colleague who reached the family should be able to say so); a closed task's record is final.
 */
export async function addTaskNote(
  db: Db,
  opts: { taskId: string; text: string; contact: boolean; actor: Actor & { isSupervisor: boolean } },
) {
  return db.$transaction(async (tx) => {
    const task = await tx.escalationTask.findUnique({
      where: { id: opts.taskId },
      select: { id: true, status: true, assigneeId: true, firstContactAt: true },
    });
    if (!task) throw notFound("Task");
    if (!isOpen(task.status)) {
      throw new AppError("CONFLICT", `This task is already ${task.status.toLowerCase()}; notes are closed`);
    }
    if (opts.contact && !opts.actor.isSupervisor && task.assigneeId !== opts.actor.userId) {
      throw new AppError(
        "FORBIDDEN",
        task.assigneeId
          ? "Only the assigned nurse or a supervisor can document contact"
          : "Claim the task before documenting contact",
      );
    }
    await recordTaskEvent(tx, task.id, opts.actor, "NOTE", { text: opts.text });
    if (opts.contact) {
      await recordTaskEvent(tx, task.id, opts.actor, "CONTACT", {});
      if (!task.firstContactAt) {
        await tx.escalationTask.update({
          where: { id: task.id },
          data: { firstContactAt: now(), version: { increment: 1 } },
        });
      }
    }
    return { taskId: task.id };
  });
}
