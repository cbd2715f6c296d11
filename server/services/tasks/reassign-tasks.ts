import type { Db, Severity } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import { deliverNotices, type NoticeTransports } from "../notifications/deliver-notices.js";
import { assignmentChannels, notifyStaff } from "../notifications/notify.js";
import { assertOwnerOrSupervisor, loadOpenTask } from "./open-task.js";
import { type Actor, recordTaskEvent } from "./task-events.js";

// Who may hold a task: clinical staff (nurses, and supervisors who are charge nurses). Admins
// manage the system and do not work patients; inactive staff are gone.
const ASSIGNABLE_ROLES = ["NURSE", "SUPERVISOR"] as const;

type ReassignOpts = { taskIds: string[]; toUserId: string; actor: Actor & { isSupervisor: boolean } };

export type ReassignResult = { taskId: string; ok: true } | { taskId: string; ok: false; error: string };

/** A task that changed hands: what the new assignee is told, under which key. */
interface Moved {
  taskId: string;
  severity: Severity;
  key: string;
}

const REASSIGNED_TITLE = "A task was reassigned to you";

/**
 * One-click or bulk reassignment; each item succeeds or fails on its own. The new assignee's in-app
 * notice is written with the move; `reassign` then pages and e-mails her.
 */
export async function reassignTasks(db: Db, opts: ReassignOpts): Promise<ReassignResult[]> {
  return (await moveTasks(db, opts)).results;
}

async function moveTasks(db: Db, opts: ReassignOpts) {
  const target = await db.user.findUnique({
    where: { id: opts.toUserId },
    select: { active: true, role: true },
  });
  const assignable = ASSIGNABLE_ROLES.some((role) => role === target?.role);
  if (!target?.active || !assignable) {
    throw new AppError("INVALID_INPUT", "Tasks can only go to an active nurse or supervisor");
  }
  const results: ReassignResult[] = [];
  const moved: Moved[] = [];
  for (const taskId of opts.taskIds) {
    try {
      const done = await db.$transaction(async (tx) => {
        const task = await loadOpenTask(tx, taskId);
        assertOwnerOrSupervisor(task, opts.actor);
        if (task.assigneeId === opts.toUserId) return null;
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
        const key = `reassign:${task.id}:${task.version + 1}`;
        await notifyStaff(tx, {
          userIds: [opts.toUserId],
          taskId: task.id,
          kind: "TASK_ASSIGNED",
          title: REASSIGNED_TITLE,
          channels: ["IN_APP"],
          key,
        });
        return { taskId: task.id, severity: task.severity, key };
      });
      if (done) moved.push(done);
      results.push({ taskId, ok: true });
    } catch (err) {
      results.push({
        taskId,
        ok: false,
        error: err instanceof AppError ? err.message : "Could not reassign",
      });
    }
  }
  return { results, moved };
}

/**
 * Reassign: move the tasks, then tell each new assignee the way automatic assignment does (in the
 * app, an SMS page, and an e-mail when EMERGENT), sent at once where the transports are at hand.
 */
export async function reassign(deps: { db: Db } & NoticeTransports, opts: ReassignOpts) {
  const { results, moved } = await moveTasks(deps.db, opts);
  for (const task of moved) {
    await notifyStaff(deps.db, {
      userIds: [opts.toUserId],
      taskId: task.taskId,
      kind: "TASK_ASSIGNED",
      title: REASSIGNED_TITLE,
      channels: assignmentChannels(task.severity),
      key: task.key,
    });
    await deliverNotices(deps.db, deps, { taskId: task.taskId });
  }
  return results;
}
