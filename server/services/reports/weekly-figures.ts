import type { Db } from "../../db/client.js";

export type TaskSeverityName = "EMERGENT" | "URGENT" | "ROUTINE";
export const SEVERITIES: readonly TaskSeverityName[] = ["EMERGENT", "URGENT", "ROUTINE"];

/** One week's programme figures. Counts, rates and staff names only: never a patient detail. */
export interface WeekFigures {
  from: string;
  to: string;
  patients: { enrolled: number; active: number; completed: number; closedEarly: number; optedOut: number };
  checkIns: { answered: number; missed: number; responseRate: number | null };
  tasks: {
    total: number;
    bySeverity: Record<TaskSeverityName, number>;
    byReason: { reason: string; count: number }[];
  };
  sla: {
    total: number;
    within: number;
    percent: number | null;
    bySeverity: { severity: TaskSeverityName; total: number; within: number; percent: number | null }[];
  };
  /** Median minutes from a task's creation to the first documented contact, by severity. */
  firstContactMinutes: Record<TaskSeverityName, number | null>;
  breachesByNurse: { nurse: string; count: number }[];
  /** `known` is false while no hospital feed has sent anything: zero would then mean "unknown". */
  returns: { known: boolean; readmissions: number; edReturns: number };
}

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

async function patientFigures(db: Db, from: Date, to: Date): Promise<WeekFigures["patients"]> {
  const [enrolled, active, closed, optedOut] = await Promise.all([
    db.episode.count({ where: { createdAt: { gte: from, lt: to } } }),
    // Active at the week's end: enrolled before it and not closed by then.
    db.episode.count({
      where: { createdAt: { lt: to }, OR: [{ closedAt: null }, { closedAt: { gte: to } }] },
    }),
    db.episode.findMany({ where: { closedAt: { gte: from, lt: to } }, select: { closeReason: true } }),
    db.patient.count({ where: { optedOutAt: { gte: from, lt: to } } }),
  ]);
  // Day 30 closes (by the follow-up or the integrity check) complete an episode; the rest end it early.
  const completed = closed.filter((e) => e.closeReason?.startsWith("DAY_30")).length;
  return { enrolled, active, completed, closedEarly: closed.length - completed, optedOut };
}

async function checkInFigures(db: Db, from: Date, to: Date): Promise<WeekFigures["checkIns"]> {
  const rows = await db.checkIn.groupBy({
    by: ["status"],
    where: { scheduledAt: { gte: from, lt: to }, status: { in: ["COMPLETED", "NO_RESPONSE"] } },
    _count: { _all: true },
  });
  const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  const answered = count("COMPLETED");
  const missed = count("NO_RESPONSE");
  return { answered, missed, responseRate: pct(answered, answered + missed) };
}

async function taskFigures(db: Db, from: Date, to: Date) {
  const tasks = await db.escalationTask.findMany({
    where: { createdAt: { gte: from, lt: to }, severity: { in: [...SEVERITIES] } },
    select: {
      severity: true,
      primaryReason: true,
      createdAt: true,
      slaDueAt: true,
      firstContactAt: true,
      resolvedAt: true,
      slaBreachedAt: true,
    },
  });
  const bySeverity = { EMERGENT: 0, URGENT: 0, ROUTINE: 0 } as Record<TaskSeverityName, number>;
  const reasons = new Map<string, number>();
  const sla = new Map<TaskSeverityName, { total: number; within: number }>();
  const contact = new Map<TaskSeverityName, number[]>();
  for (const t of tasks) {
    const sev = t.severity as TaskSeverityName;
    bySeverity[sev]++;
    reasons.set(t.primaryReason, (reasons.get(t.primaryReason) ?? 0) + 1);
    // Same rule as the daily digest: met when first contact (or resolution) came before the due time.
    const stoppedAt = t.firstContactAt ?? t.resolvedAt;
    const met = !t.slaBreachedAt && stoppedAt !== null && stoppedAt <= t.slaDueAt;
    const agg = sla.get(sev) ?? { total: 0, within: 0 };
    agg.total++;
    if (met) agg.within++;
    sla.set(sev, agg);
    if (t.firstContactAt) {
      const list = contact.get(sev) ?? [];
      list.push((t.firstContactAt.getTime() - t.createdAt.getTime()) / 60_000);
      contact.set(sev, list);
    }
  }
  const slaRows = SEVERITIES.map((severity) => {
    const a = sla.get(severity) ?? { total: 0, within: 0 };
    return { severity, total: a.total, within: a.within, percent: pct(a.within, a.total) };
  });
  const within = slaRows.reduce((n, r) => n + r.within, 0);
  return {
    tasks: {
      total: tasks.length,
      bySeverity,
      byReason: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    },
    sla: { total: tasks.length, within, percent: pct(within, tasks.length), bySeverity: slaRows },
    firstContactMinutes: Object.fromEntries(
      SEVERITIES.map((s) => [s, median(contact.get(s) ?? [])]),
    ) as Record<TaskSeverityName, number | null>,
  };
}

/** Breaches that happened in the week, by the nurse who held the task when it breached. */
async function breachFigures(db: Db, from: Date, to: Date): Promise<WeekFigures["breachesByNurse"]> {
  const events = await db.taskEvent.findMany({
    where: { kind: "SLA_BREACHED", createdAt: { gte: from, lt: to } },
    select: { data: true },
  });
  const counts = new Map<string | null, number>();
  for (const e of events) {
    const id = (e.data as { assigneeId?: string | null } | null)?.assigneeId ?? null;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = [...counts.keys()].filter((id): id is string => id !== null);
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return [...counts]
    .map(([id, count]) => ({ nurse: id ? (names.get(id) ?? "Former staff") : "Unassigned", count }))
    .sort((a, b) => b.count - a.count || a.nurse.localeCompare(b.nurse));
}

async function returnFigures(db: Db, from: Date, to: Date): Promise<WeekFigures["returns"]> {
  const [feedMessages, rows] = await Promise.all([
    db.hospitalMessage.count({ where: { receivedAt: { lt: to } } }),
    db.hospitalReturn.groupBy({
      by: ["kind"],
      where: { occurredAt: { gte: from, lt: to }, canceledAt: null },
      _count: { _all: true },
    }),
  ]);
  const count = (k: string) => rows.find((r) => r.kind === k)?._count._all ?? 0;
  return {
    known: feedMessages > 0 || rows.length > 0,
    readmissions: count("READMISSION"),
    edReturns: count("ED_RETURN"),
  };
}

/** The figures for [from, to). */
export async function weekFigures(db: Db, range: { from: Date; to: Date }): Promise<WeekFigures> {
  const { from, to } = range;
  const [patients, checkIns, tasks, breachesByNurse, returns] = await Promise.all([
    patientFigures(db, from, to),
    checkInFigures(db, from, to),
    taskFigures(db, from, to),
    breachFigures(db, from, to),
    returnFigures(db, from, to),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    patients,
    checkIns,
    ...tasks,
    breachesByNurse,
    returns,
  };
}
