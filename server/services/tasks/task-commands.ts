import type { Db, Disposition } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { type Actor, recordTaskEvent } from "./task-events.js";

export { claimTask } from "./claim-task.js";

const OPEN_STATES = ["OPEN", "IN_PROGRESS"] as const;

// Who may hold a task: clinical staff (nurses, and supervisors who are charge nurses). Admins
// manage the system and do not work patients; inactive staff are gone.
const ASSIGNABLE_ROLES = ["NURSE", "SUPERVISOR"] as const;

async function loadOpenTask(db: Pick<Db, "escalationTask">, taskId: string) {
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
  if (!OPEN_STATES.includes(task.status as (typeof OPEN_STATES)[number])) {
    throw new AppError("CONFLICT", `This task is already ${task.status.toLowerCase()}`);
  }
  return task;
}

function assertOwnerOrSupervisor(
  task: { assigneeId: string | null },
  actor: Actor & { isSupervisor: boolean },
) {
  if (actor.isSupervisor || task.assigneeId === actor.userId) return;
  throw new AppError("FORBIDDEN", "Only the assigned nurse or a supervisor can do this");
}

/** Back to the unassigned pool, with the reason on the audit trail. */
export async function releaseTask(
  db: Db,
  opts: { taskId: string; reason: string; actor: Actor & { isSupervisor: boolean } },
) {
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

export type ReassignResult = { taskId: string; ok: true } | { taskId: string; ok: false; error: string };

/** One-click or bulk reassignment; each item succeeds or fails on its own. */
export async function reassignTasks(
  db: Db,
  opts: { taskIds: string[]; toUserId: string; actor: Actor & { isSupervisor: boolean } },
): Promise<ReassignResult[]> {
  const target = await db.user.findUnique({
    where: { id: opts.toUserId },
    select: { active: true, role: true },
  });
  const assignable = ASSIGNABLE_ROLES.some((role) => role === target?.role);
  if (!target?.active || !assignable) {
    throw new AppError("INVALID_INPUT", "Tasks can only go to an active nurse or supervisor");
  }
  const results: ReassignResult[] = [];
  for (const taskId of opts.taskIds) {
    try {
      await db.$transaction(async (tx) => {
        const task = await loadOpenTask(tx, taskId);
        assertOwnerOrSupervisor(task, opts.actor);
        if (task.assigneeId === opts.toUserId) return;
        await tx.escalationTask.update({
          where: { id: task.id },
          data: {
            assigneeId: opts.toUserId,
            assignedAt: now(),
            status: "OPEN",
            claimedAt: null,
            version: { increment: 1 },
          },
        });
        await recordTaskEvent(tx, task.id, opts.actor, "REASSIGNED", {
          from: task.assigneeId,
          to: opts.toUserId,
        });
        await tx.notification.create({
          data: {
            userId: opts.toUserId,
            taskId: task.id,
            kind: "TASK_ASSIGNED",
            channel: "IN_APP",
            title: "A task was reassigned to you",
            idempotencyKey: `reassign:${task.id}:${task.version + 1}`,
          },
        });
      });
      results.push({ taskId, ok: true });
    } catch (err) {
      results.push({
        taskId,
        ok: false,
        error: err instanceof AppError ? err.message : "Could not reassign",
      });
    }
  }
  return results;
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
    if (!OPEN_STATES.includes(task.status as (typeof OPEN_STATES)[number])) {
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

/** Closes the task with a required disposition; follow-up side effects run in `task.resolved`. */
export async function resolveTask(
  db: Db,
  opts: { taskId: string; disposition: Disposition; note?: string; actor: Actor & { isSupervisor: boolean } },
) {
  return db.$transaction(async (tx) => {
    const task = await loadOpenTask(tx, opts.taskId);
    if (task.assigneeId && !opts.actor.isSupervisor && task.assigneeId !== opts.actor.userId) {
      throw new AppError("FORBIDDEN", "This task is assigned to another nurse");
    }
    const at = now();
    await tx.escalationTask.update({
      where: { id: task.id },
      data: {
        status: "RESOLVED",
        disposition: opts.disposition,
        resolvedAt: at,
        openKey: null,
        assigneeId: task.assigneeId ?? opts.actor.userId ?? null,
        version: { increment: 1 },
      },
    });
    if (opts.note) await recordTaskEvent(tx, task.id, opts.actor, "NOTE", { text: opts.note });
    await recordTaskEvent(tx, task.id, opts.actor, "RESOLVED", { disposition: opts.disposition });
    return {
      taskId: task.id,
      patientId: task.patientId,
      disposition: opts.disposition,
      monitorRunId: task.monitorRunId,
    };
  });
}
