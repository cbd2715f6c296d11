import { type Db, isUniqueViolation, type Prisma, type Severity } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { maxSeverity, SEVERITY_POLICY, severityRank, slaFor } from "../../triage/index.js";
import { type Actor, recordTaskEvent, SYSTEM } from "../tasks/task-events.js";

export interface EscalationInput {
  patientId: string;
  episodeId: string | null;
  severity: Exclude<Severity, "NONE">;
  reasonCode: string;
  action: string;
  /** Why: rule id/version, parsed value, threshold, the answer or message ids. No message text. */
  evidence: Prisma.InputJsonObject;
  actor?: Actor;
}

export interface EscalationResult {
  taskId: string;
  created: boolean;
  /** The open task got a higher severity and a shorter SLA: its monitor must restart. */
  severityRaised: boolean;
  version: number;
}

/**
 * Raise an escalation: creates or merges the nurse task, then starts what follows it (assignment
 * for a new task; an SLA monitor for a new task or one whose severity, and so its clock, just
 * changed). Job keys are global, so a re-executed step never starts a second assignment or monitor.
 */
export async function raiseEscalation(
  deps: { db: Db; jobs: JobStarter },
  input: EscalationInput,
): Promise<EscalationResult> {
  const { db, jobs } = deps;
  const result = await upsertOpenTask(db, input);
  const task = { id: result.taskId, patientId: input.patientId };
  if (result.created) await jobs.assign(task);
  if (result.created || result.severityRaised) {
    const monitorRunId = await jobs.monitorSla(task, { version: result.version });
    // The newest monitor owns the clock; an older one sees this and stops when it wakes.
    await db.escalationTask.update({ where: { id: result.taskId }, data: { monitorRunId } });
  }
  return result;
}

/**
 * One open task per patient per reason: a new red flag for the same reason is merged into the
 * open task (and may raise its severity and shorten its SLA) instead of creating a duplicate.
 * The unique `openKey` column makes this hold even when two replies race. The record alone, with
 * no follow-up started: `raiseEscalation` is the use case; test factories use this directly.
 */
export async function upsertOpenTask(db: Db, input: EscalationInput): Promise<EscalationResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.$transaction((tx) => createOrMerge(tx, input));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error("could not create or merge the escalation task");
}

/** The kind of the event that already carries this evidence's message id on the task, if any. */
async function alreadyRecorded(
  tx: Prisma.TransactionClient,
  taskId: string,
  evidence: Prisma.InputJsonObject,
): Promise<string | null> {
  const messageId = evidence.messageId;
  if (typeof messageId !== "string") return null;
  const event = await tx.taskEvent.findFirst({
    where: { taskId, data: { path: ["messageId"], equals: messageId } },
    select: { kind: true },
  });
  return event?.kind ?? null;
}

async function createOrMerge(
  tx: Prisma.TransactionClient,
  input: EscalationInput,
): Promise<EscalationResult> {
  const openKey = `${input.patientId}:${input.reasonCode}`;
  const actor = input.actor ?? SYSTEM;
  const at = now();
  const sla = slaFor(input.severity, at)!;
  const existing = await tx.escalationTask.findUnique({
    where: { openKey },
    select: { id: true, severity: true, slaDueAt: true, reasonCodes: true, version: true },
  });
  if (!existing) {
    const task = await tx.escalationTask.create({
      data: {
        patientId: input.patientId,
        episodeId: input.episodeId,
        severity: input.severity,
        priority: SEVERITY_POLICY[input.severity].taskPriority!,
        primaryReason: input.reasonCode,
        reasonCodes: [input.reasonCode],
        suggestedAction: input.action,
        openKey,
        slaWarnAt: sla.warnAt,
        slaDueAt: sla.dueAt,
        createdAt: at,
      },
      select: { id: true, version: true },
    });
    await recordTaskEvent(tx, task.id, actor, "CREATED", {
      reason: input.reasonCode,
      severity: input.severity,
      ...input.evidence,
    });
    return { taskId: task.id, created: true, severityRaised: false, version: task.version };
  }
  const replayed = await alreadyRecorded(tx, existing.id, input.evidence);
  if (replayed) {
    // The same message was already recorded on this task: a step re-run after a crash. Report what the
    // first run did so its follow-ups (keyed jobs, started at most once) are made sure of, not doubled.
    return {
      taskId: existing.id,
      created: replayed === "CREATED",
      severityRaised: replayed === "SEVERITY_CHANGED",
      version: existing.version,
    };
  }
  const raised = severityRank(input.severity) > severityRank(existing.severity);
  const severity = maxSeverity(existing.severity, input.severity);
  const data: Prisma.EscalationTaskUpdateInput = { version: { increment: 1 } };
  if (raised) {
    data.severity = severity;
    data.priority = SEVERITY_POLICY[severity].taskPriority!;
    data.suggestedAction = input.action;
    // Shorten, never lengthen, the clock; the warning window restarts with it.
    if (sla.dueAt < existing.slaDueAt) {
      data.slaDueAt = sla.dueAt;
      data.slaWarnAt = sla.warnAt;
      data.slaWarnedAt = null;
    }
  }
  const updated = await tx.escalationTask.update({
    where: { id: existing.id },
    data,
    select: { version: true },
  });
  await recordTaskEvent(tx, existing.id, actor, raised ? "SEVERITY_CHANGED" : "MERGED", {
    reason: input.reasonCode,
    from: existing.severity,
    to: severity,
    ...input.evidence,
  });
  return { taskId: existing.id, created: false, severityRaised: raised, version: updated.version };
}
