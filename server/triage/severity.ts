import { SLA_POLICY } from "../domain/index.js";
import type { PatientReplyKind, Severity, TaskPriority } from "./model/types.js";

export { maxSeverity, type SlaTimes, severityRank, slaFor } from "../domain/index.js";

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

/** The SLA comes from the shared policy (server/domain/sla-policy.ts); triage adds what the patient is told. */
function policy(severity: Severity, patientReply: PatientReplyKind): SeverityPolicy {
  return { severity, ...SLA_POLICY[severity], patientReply };
}

export const SEVERITY_POLICY: Readonly<Record<Severity, SeverityPolicy>> = {
  EMERGENT: policy("EMERGENT", "EMERGENCY_911"),
  URGENT: policy("URGENT", "NURSE_WILL_CALL"),
  ROUTINE: policy("ROUTINE", "ACK"),
  NONE: policy("NONE", "THANKS"),
};
