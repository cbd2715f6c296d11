/** How worrying a reply is, least to most; the order is the Prisma enum's and the clinical rank. */
export const SEVERITIES = ["NONE", "ROUTINE", "URGENT", "EMERGENT"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The severities that raise a nurse task (NONE does not), most severe first as boards and digests list them. */
export const TASK_SEVERITIES = ["EMERGENT", "URGENT", "ROUTINE"] as const satisfies readonly Severity[];
export type TaskSeverity = (typeof TASK_SEVERITIES)[number];

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  NONE: "None",
  ROUTINE: "Routine",
  URGENT: "Urgent",
  EMERGENT: "Emergent",
};

const RANK: Readonly<Record<Severity, number>> = { NONE: 0, ROUTINE: 1, URGENT: 2, EMERGENT: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}
