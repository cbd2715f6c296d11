import type { TaskPriority } from "./escalation.js";
import type { Severity, TaskSeverity } from "./severity.js";

/** The SLA of a severity that raises a nurse task. */
export interface TaskSla {
  taskPriority: TaskPriority;
  /** Minutes from the triggering reply to the SLA due time. */
  dueInMinutes: number;
  /** The assignee is warned this many minutes before the due time. */
  warnBeforeMinutes: number;
}

// Product choices from CLINICAL-PROTOCOLS.md "Severity, action and SLA"; ROUTINE's "next business day"
// is approximated as 24 h here, the workflow layer may defer it further.
export const TASK_SLA: Readonly<Record<TaskSeverity, TaskSla>> = {
  EMERGENT: { taskPriority: "URGENT", dueInMinutes: 15, warnBeforeMinutes: 5 },
  URGENT: { taskPriority: "HIGH", dueInMinutes: 120, warnBeforeMinutes: 60 },
  ROUTINE: { taskPriority: "NORMAL", dueInMinutes: 24 * 60, warnBeforeMinutes: 4 * 60 },
};

/** NONE raises no task, so it has no priority and no SLA. */
export type SlaPolicy = TaskSla | { taskPriority: null; dueInMinutes: null; warnBeforeMinutes: null };

export const SLA_POLICY: Readonly<Record<Severity, SlaPolicy>> = {
  ...TASK_SLA,
  NONE: { taskPriority: null, dueInMinutes: null, warnBeforeMinutes: null },
};

/** After a breach, each further lapse of one SLA period re-escalates, up to this many times. */
export const MAX_REESCALATIONS = 3;

/** One step of the escalation ladder after a breach: the severity's own SLA period (an hour if it has none). */
export function reescalationPeriodMinutes(severity: Severity): number {
  return SLA_POLICY[severity].dueInMinutes ?? 60;
}

const MINUTE_MS = 60_000;

export interface SlaTimes {
  warnAt: Date;
  dueAt: Date;
}

/** SLA times for a task created at `createdAt`; null for NONE (no task). Pure: the caller supplies the time. */
export function slaFor(severity: Severity, createdAt: Date): SlaTimes | null {
  const p = SLA_POLICY[severity];
  if (p.dueInMinutes === null || p.warnBeforeMinutes === null) return null;
  const dueMs = createdAt.getTime() + p.dueInMinutes * MINUTE_MS;
  return { dueAt: new Date(dueMs), warnAt: new Date(dueMs - p.warnBeforeMinutes * MINUTE_MS) };
}
