import type { Db, Severity } from "../../db/client.js";

export interface SlaCompliance {
  severity: Severity;
  total: number;
  withinSla: number;
  percent: number | null;
}

/**
 * SLA compliance for tasks created in [from, to): a task met its SLA when the first documented
 * contact (or, failing that, resolution) came before its due time.
 */
export async function slaCompliance(db: Db, range: { from: Date; to: Date }): Promise<SlaCompliance[]> {
  const tasks = await db.escalationTask.findMany({
    where: { createdAt: { gte: range.from, lt: range.to } },
    select: { severity: true, slaDueAt: true, firstContactAt: true, resolvedAt: true, slaBreachedAt: true },
  });
  const bySeverity = new Map<Severity, { total: number; within: number }>();
  for (const t of tasks) {
    const stoppedAt = t.firstContactAt ?? t.resolvedAt;
    const met = !t.slaBreachedAt && stoppedAt !== null && stoppedAt <= t.slaDueAt;
    const agg = bySeverity.get(t.severity) ?? { total: 0, within: 0 };
    agg.total++;
    if (met) agg.within++;
    bySeverity.set(t.severity, agg);
  }
  return (["EMERGENT", "URGENT", "ROUTINE"] as const).map((severity) => {
    const agg = bySeverity.get(severity) ?? { total: 0, within: 0 };
    return {
      severity,
      total: agg.total,
      withinSla: agg.within,
      percent: agg.total ? Math.round((agg.within / agg.total) * 1000) / 10 : null,
    };
  });
}

export async function dailyVolume(db: Db, range: { from: Date; to: Date }) {
  const [checkIns, inbound, outbound, tasks] = await Promise.all([
    db.checkIn.count({ where: { completedAt: { gte: range.from, lt: range.to } } }),
    db.message.count({ where: { direction: "INBOUND", createdAt: { gte: range.from, lt: range.to } } }),
    db.message.count({ where: { direction: "OUTBOUND", createdAt: { gte: range.from, lt: range.to } } }),
    db.escalationTask.count({ where: { createdAt: { gte: range.from, lt: range.to } } }),
  ]);
  return { checkIns, inbound, outbound, tasks };
}
