import { formatISO } from "date-fns";
import type { Db, Severity } from "../../db/client.js";
import { notifyStaff, supervisorIds } from "../notifications/notify.js";

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
async function slaCompliance(db: Db, range: { from: Date; to: Date }): Promise<SlaCompliance[]> {
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

async function dailyVolume(db: Db, range: { from: Date; to: Date }) {
  const [checkIns, inbound, outbound, tasks] = await Promise.all([
    db.checkIn.count({ where: { completedAt: { gte: range.from, lt: range.to } } }),
    db.message.count({ where: { direction: "INBOUND", createdAt: { gte: range.from, lt: range.to } } }),
    db.message.count({ where: { direction: "OUTBOUND", createdAt: { gte: range.from, lt: range.to } } }),
    db.escalationTask.count({ where: { createdAt: { gte: range.from, lt: range.to } } }),
  ]);
  return { checkIns, inbound, outbound, tasks };
}

/**
 * The supervisors' daily digest for the day before `at`: SLA compliance by severity and volume,
 * recorded in the app and as an e-mail, once per day (the key is the day).
 */
export async function recordDailyDigest(db: Db, at: Date) {
  const from = new Date(at.getTime() - 86_400_000);
  const range = { from, to: at };
  const [compliance, volume] = await Promise.all([slaCompliance(db, range), dailyVolume(db, range)]);
  const summary = compliance.map((c) => `${c.severity.toLowerCase()} ${c.percent ?? "–"}%`).join(", ");
  const day = formatISO(from, { representation: "date" });
  await notifyStaff(db, {
    userIds: await supervisorIds(db),
    kind: "DAILY_DIGEST",
    title: `Digest ${day}: within SLA ${summary}; ${volume.tasks} tasks, ${volume.checkIns} check-ins`,
    channels: ["IN_APP", "EMAIL"],
    key: `digest:${day}`,
  });
  return { day, compliance, volume };
}
