import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { assignmentChannels, notifyStaff, supervisorIds } from "../notifications/notify.js";
import { recordTaskEvent, SYSTEM } from "../tasks/task-events.js";
import { chooseAssignee, rankOnCallNurses } from "./pick-assignee.js";

export type AssignOutcome =
  | { kind: "ASSIGNED"; userId: string }
  | { kind: "ALREADY_ASSIGNED"; userId: string }
  | { kind: "CLOSED" }
  | { kind: "NOBODY_AVAILABLE" };

/**
 * Assigns an open, unassigned task to the next on-call nurse, or tells the supervisors nobody can
 * take it. `excludeUserIds` lets a breach move the task away from the nurse who let it lapse.
 * The conditional update makes a re-run (or a race with a manual claim) harmless.
 */
export async function assignTask(
  db: Db,
  opts: { taskId: string; excludeUserIds?: string[]; reason: "NEW" | "BREACH" | "RELEASED" },
): Promise<AssignOutcome> {
  const task = await db.escalationTask.findUnique({
    where: { id: opts.taskId },
    select: {
      id: true,
      status: true,
      assigneeId: true,
      severity: true,
      patient: { select: { preferredLanguage: true } },
    },
  });
  if (!task || task.status === "RESOLVED" || task.status === "CANCELED") return { kind: "CLOSED" };
  if (task.assigneeId && opts.reason !== "BREACH")
    return { kind: "ALREADY_ASSIGNED", userId: task.assigneeId };
  const at = now();
  const candidates = await rankOnCallNurses(db, {
    at,
    language: task.patient.preferredLanguage,
    excludeUserIds: opts.excludeUserIds ?? [],
  });
  const chosen = chooseAssignee(candidates);
  if (!chosen) {
    await notifyStaff(db, {
      userIds: await supervisorIds(db),
      taskId: task.id,
      kind: "NO_NURSE_AVAILABLE",
      title: `No on-call nurse can take a ${task.severity.toLowerCase()} task`,
      channels: ["IN_APP"],
      key: `nobody:${task.id}:${opts.reason}`,
    });
    return { kind: "NOBODY_AVAILABLE" };
  }
  const moved = await db.$transaction(async (tx) => {
    const res = await tx.escalationTask.updateMany({
      where: { id: task.id, status: { in: ["OPEN", "IN_PROGRESS"] }, assigneeId: task.assigneeId },
      data: { assigneeId: chosen.id, assignedAt: at, version: { increment: 1 } },
    });
    if (res.count === 1) {
      await recordTaskEvent(tx, task.id, SYSTEM, task.assigneeId ? "REASSIGNED" : "ASSIGNED", {
        to: chosen.id,
        from: task.assigneeId,
        reason: opts.reason,
      });
    }
    return res.count === 1;
  });
  if (!moved) {
    const current = await db.escalationTask.findUnique({
      where: { id: task.id },
      select: { assigneeId: true },
    });
    return current?.assigneeId
      ? { kind: "ALREADY_ASSIGNED", userId: current.assigneeId }
      : { kind: "CLOSED" };
  }
  await notifyStaff(db, {
    userIds: [chosen.id],
    taskId: task.id,
    kind: "TASK_ASSIGNED",
    title: `New ${task.severity.toLowerCase()} task assigned to you`,
    channels: assignmentChannels(task.severity),
    key: `assign:${task.id}:${opts.reason}:${chosen.id}`,
  });
  return { kind: "ASSIGNED", userId: chosen.id };
}
