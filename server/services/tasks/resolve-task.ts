import { formatISO } from "date-fns";
import type { Db, Disposition } from "../../db/client.js";
import { DISPOSITION_SENDS_CLOSING_TEXT } from "../../domain/index.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import type { SendInput } from "../../sms/index.js";
import { queueTaskNote } from "../ehr-notes/outbox/queue-note.js";
import { loadOpenTask } from "./open-task.js";
import { type Actor, recordTaskEvent } from "./task-events.js";

type ResolveOpts = {
  taskId: string;
  disposition: Disposition;
  note?: string;
  actor: Actor & { isSupervisor: boolean };
};

/** Closes the task with a required disposition; follow-up side effects run in `task.resolved`. */
export async function resolveTask(db: Db, opts: ResolveOpts) {
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
    // The nurse note for the EHR, queued with the resolution itself (services/ehr-notes).
    await queueTaskNote(tx, task.id);
    return {
      taskId: task.id,
      patientId: task.patientId,
      disposition: opts.disposition,
      monitorRunId: task.monitorRunId,
    };
  });
}

/**
 * Resolve: close the task, then start its follow-up (`task.resolved`) and stop its SLA monitor.
 * The nurse's click is done when the task is closed; the patient's text follows in the background.
 */
export async function resolve(deps: { db: Db; jobs: Pick<JobStarter, "afterResolve"> }, opts: ResolveOpts) {
  const resolved = await resolveTask(deps.db, opts);
  await deps.jobs.afterResolve({
    id: resolved.taskId,
    patientId: resolved.patientId,
    monitorRunId: resolved.monitorRunId,
  });
  return { taskId: resolved.taskId, disposition: resolved.disposition };
}

/** The text to send the patient after a resolution, or null when none should go. */
export async function closingTextAfterResolve(db: Db, taskId: string): Promise<SendInput | null> {
  const task = await db.escalationTask.findUnique({
    where: { id: taskId },
    select: { status: true, disposition: true, patientId: true, episodeId: true },
  });
  if (task?.status !== "RESOLVED" || !task.disposition) return null;
  // A closing text only where the patient was reached and helped (see the vocabulary).
  if (!DISPOSITION_SENDS_CLOSING_TEXT[task.disposition]) return null;
  // One follow-up text when the patient's last open concern is closed, not one per task.
  const stillOpen = await db.escalationTask.count({
    where: { patientId: task.patientId, status: { in: ["OPEN", "IN_PROGRESS"] } },
  });
  if (stillOpen > 0) return null;
  return {
    patientId: task.patientId,
    ...(task.episodeId ? { episodeId: task.episodeId } : {}),
    template: "task.followed_up",
    vars: {},
    purpose: "REPLY",
    idempotencyKey: `followed-up:${task.patientId}:${formatISO(now(), { representation: "date" })}`,
  };
}
