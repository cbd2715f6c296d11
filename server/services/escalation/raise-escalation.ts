import { type Db, isUniqueViolation, type Prisma, type Severity } from "../../db/client.js";
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
 * One open task per patient per reason: a new red flag for the same reason is merged into the
 * open task (and may raise its severity and shorten its SLA) instead of creating a duplicate.
 * The unique `openKey` column makes this hold even when two replies race.
 */
export async function raiseEscalation(db: Db, input: EscalationInput): Promise<EscalationResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.$transaction((tx) => createOrMerge(tx, input));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error("could not create or merge the escalation task");
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
