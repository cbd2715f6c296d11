import type { PatientReplyKind, Severity, TaskPriority } from "./types.js";

export interface SeverityPolicy {
  severity: Severity;
  /** null: no nurse task is created (NONE). */
  taskPriority: TaskPriority | null;
  /** Minutes from the triggering reply to the SLA due time; null when there is no task. */
  dueInMinutes: number | null;
  /** The assignee is warned this many minutes before the due time. */
  warnBeforeMinutes: number | null;
  /** What the patient is told at once, before any nurse acts. */
  patientReply: PatientReplyKind;
}

const MINUTE_MS = 60_000;

// Product choices from CLINICAL-PROTOCOLS.md "Severity, action and SLA"; ROUTINE's "next business day"
// is approximated as 24 h here, the workflow layer may defer it further.
export const SEVERITY_POLICY: Readonly<Record<Severity, SeverityPolicy>> = {
  EMERGENT: {
    severity: "EMERGENT",
    taskPriority: "URGENT",
    dueInMinutes: 15,
    warnBeforeMinutes: 5,
    patientReply: "EMERGENCY_911",
  },
  URGENT: {
    severity: "URGENT",
    taskPriority: "HIGH",
    dueInMinutes: 120,
    warnBeforeMinutes: 60,
    patientReply: "NURSE_WILL_CALL",
  },
  ROUTINE: {
    severity: "ROUTINE",
    taskPriority: "NORMAL",
    dueInMinutes: 24 * 60,
    warnBeforeMinutes: 4 * 60,
    patientReply: "ACK",
  },
  NONE: {
    severity: "NONE",
    taskPriority: null,
    dueInMinutes: null,
    warnBeforeMinutes: null,
    patientReply: "THANKS",
  },
};

const RANK: Readonly<Record<Severity, number>> = { NONE: 0, ROUTINE: 1, URGENT: 2, EMERGENT: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}

export interface SlaTimes {
  warnAt: Date;
  dueAt: Date;
}

/** SLA times for a task created at `createdAt`; null for NONE (no task). Pure: the caller supplies the time. */
export function slaFor(severity: Severity, createdAt: Date): SlaTimes | null {
  const p = SEVERITY_POLICY[severity];
  if (p.dueInMinutes === null || p.warnBeforeMinutes === null) return null;
  const dueMs = createdAt.getTime() + p.dueInMinutes * MINUTE_MS;
  return { dueAt: new Date(dueMs), warnAt: new Date(dueMs - p.warnBeforeMinutes * MINUTE_MS) };
}
