import type { Db } from "../../db/client.js";
import { MAX_REESCALATIONS, reescalationPeriodMinutes } from "../../domain/index.js";
import { now } from "../../lib/clock.js";
import { assignTask } from "../assignment/assign-task.js";
import { notifyStaff, supervisorIds } from "../notifications/notify.js";
import { recordTaskEvent, SYSTEM } from "../tasks/task-events.js";

export type SlaState = NonNullable<Awaited<ReturnType<typeof loadSlaState>>>;

export async function loadSlaState(db: Db, taskId: string) {
  return db.escalationTask.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      status: true,
      severity: true,
      assigneeId: true,
      firstContactAt: true,
      slaWarnAt: true,
      slaDueAt: true,
      slaWarnedAt: true,
      slaBreachedAt: true,
      slaEscalatedAt: true,
      escalationLevel: true,
      monitorRunId: true,
    },
  });
}

/** The SLA clock stops only on a documented contact or resolution, never on "viewed" or "claimed". */
export function clockStopped(task: SlaState): "RESOLVED" | "CONTACTED" | null {
  if (task.status === "RESOLVED" || task.status === "CANCELED") return "RESOLVED";
  if (task.firstContactAt) return "CONTACTED";
  return null;
}

export type SlaStep =
  | { kind: "STOP"; reason: "RESOLVED" | "CONTACTED" | "SUPERSEDED" | "MAX_ESCALATION" | "MISSING" }
  | { kind: "WAIT"; until: Date; phase: "warn" | "due" | "reescalate" }
  | { kind: "WARN" }
  | { kind: "BREACH" }
  | { kind: "REESCALATE"; level: number };

/** What the monitor should do next, derived only from the stored task: re-execution is safe. */
export function nextSlaStep(task: SlaState | null, runId: string, at: Date): SlaStep {
  if (!task) return { kind: "STOP", reason: "MISSING" };
  const stopped = clockStopped(task);
  if (stopped) return { kind: "STOP", reason: stopped };
  if (task.monitorRunId && task.monitorRunId !== runId) return { kind: "STOP", reason: "SUPERSEDED" };
  if (!task.slaWarnedAt && !task.slaBreachedAt) {
    return task.slaWarnAt > at ? { kind: "WAIT", until: task.slaWarnAt, phase: "warn" } : { kind: "WARN" };
  }
  if (!task.slaBreachedAt) {
    return task.slaDueAt > at ? { kind: "WAIT", until: task.slaDueAt, phase: "due" } : { kind: "BREACH" };
  }
  if (task.escalationLevel >= MAX_REESCALATIONS) return { kind: "STOP", reason: "MAX_ESCALATION" };
  const periodMs = reescalationPeriodMinutes(task.severity) * 60_000;
  const next = new Date(task.slaDueAt.getTime() + (task.escalationLevel + 1) * periodMs);
  return next > at
    ? { kind: "WAIT", until: next, phase: "reescalate" }
    : { kind: "REESCALATE", level: task.escalationLevel + 1 };
}

/** Records which monitor run owns the task's SLA, unless a newer one already does. */
export async function adoptMonitor(db: Db, taskId: string, runId: string): Promise<void> {
  await db.escalationTask.updateMany({
    where: { id: taskId, monitorRunId: null },
    data: { monitorRunId: runId },
  });
}

export async function warnAssignee(db: Db, taskId: string): Promise<void> {
  const changed = await db.$transaction(async (tx) => {
    const res = await tx.escalationTask.updateMany({
      where: { id: taskId, slaWarnedAt: null, status: { in: ["OPEN", "IN_PROGRESS"] }, firstContactAt: null },
      data: { slaWarnedAt: now(), version: { increment: 1 } },
    });
    if (res.count === 1) await recordTaskEvent(tx, taskId, SYSTEM, "SLA_WARNED", {});
    return res.count === 1;
  });
  const task = await loadSlaState(db, taskId);
  if (!changed || !task) return;
  await notifyStaff(db, {
    userIds: task.assigneeId ? [task.assigneeId] : await supervisorIds(db),
    taskId,
    kind: "SLA_WARNING",
    title: `A ${task.severity.toLowerCase()} task is close to its SLA`,
    channels: ["IN_APP"],
    key: `warn:${taskId}:${task.slaDueAt.toISOString()}`,
  });
}

/** Breach: mark it, tell the assignee and the supervisors, and move an unclaimed task to the next nurse. */
export async function breach(db: Db, taskId: string): Promise<void> {
  const before = await loadSlaState(db, taskId);
  if (!before) return;
  await db.$transaction(async (tx) => {
    const res = await tx.escalationTask.updateMany({
      where: {
        id: taskId,
        slaBreachedAt: null,
        status: { in: ["OPEN", "IN_PROGRESS"] },
        firstContactAt: null,
      },
      data: { slaBreachedAt: now(), version: { increment: 1 } },
    });
    if (res.count === 1)
      await recordTaskEvent(tx, taskId, SYSTEM, "SLA_BREACHED", { assigneeId: before.assigneeId });
  });
  await notifyStaff(db, {
    userIds: [...(before.assigneeId ? [before.assigneeId] : []), ...(await supervisorIds(db))],
    taskId,
    kind: "SLA_BREACHED",
    title: `A ${before.severity.toLowerCase()} task breached its SLA`,
    channels: before.severity === "EMERGENT" ? ["IN_APP", "EMAIL"] : ["IN_APP"],
    key: `breach:${taskId}:${before.slaDueAt.toISOString()}`,
  });
  // A nurse who has claimed it is working it; only an unclaimed task moves on.
  if (before.status === "OPEN") {
    await assignTask(db, {
      taskId,
      reason: "BREACH",
      excludeUserIds: before.assigneeId ? [before.assigneeId] : [],
    });
  }
}

export async function reEscalate(db: Db, taskId: string, level: number): Promise<void> {
  const done = await db.$transaction(async (tx) => {
    const res = await tx.escalationTask.updateMany({
      where: {
        id: taskId,
        escalationLevel: level - 1,
        status: { in: ["OPEN", "IN_PROGRESS"] },
        firstContactAt: null,
      },
      data: { escalationLevel: level, slaEscalatedAt: now(), version: { increment: 1 } },
    });
    if (res.count === 1) await recordTaskEvent(tx, taskId, SYSTEM, "SLA_ESCALATED", { level });
    return res.count === 1;
  });
  if (!done) return;
  const task = await loadSlaState(db, taskId);
  await notifyStaff(db, {
    userIds: await supervisorIds(db),
    taskId,
    kind: "SLA_ESCALATED",
    title: `A ${task?.severity.toLowerCase() ?? ""} task is still without contact (escalation ${level})`,
    channels: ["IN_APP", "EMAIL"],
    key: `reescalate:${taskId}:${level}`,
  });
}
