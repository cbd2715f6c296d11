import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const SEVERITIES = ["EMERGENT", "URGENT", "ROUTINE"] as const;
type CountedSeverity = (typeof SEVERITIES)[number];

interface Row {
  day: string;
  severity: string;
  total: bigint;
  within: bigint;
}

/**
 * Percent of tasks handled within SLA, by severity and by day of creation (UTC days; Prisma stores UTC). "Handled"
 * is the first documented contact or the resolution, whichever came first: viewing never counts.
 * Tasks still open and not yet due are not judged yet, so they are left out.
 */
export async function getSlaCompliance(db: Db, opts: { days: number }) {
  const at = now();
  const since = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS - (opts.days - 1) * DAY_MS);
  const rows = await db.$queryRaw<Row[]>`
    SELECT to_char("createdAt", 'YYYY-MM-DD') AS day,
           "severity"::text AS severity,
           count(*) AS total,
           count(*) FILTER (
             WHERE LEAST("firstContactAt", "resolvedAt") IS NOT NULL
               AND LEAST("firstContactAt", "resolvedAt") <= "slaDueAt"
           ) AS within
    FROM "EscalationTask"
    WHERE "createdAt" >= ${since}
      AND "status" <> 'CANCELED'
      AND "severity" <> 'NONE'
      AND ("status" = 'RESOLVED' OR "firstContactAt" IS NOT NULL OR "slaDueAt" <= ${at})
    GROUP BY 1, 2`;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { total: 0, within: 0 }])) as Record<
    CountedSeverity,
    { total: number; within: number }
  >;
  const trend = new Map<string, Record<CountedSeverity, { total: number; within: number }>>();
  for (let i = 0; i < opts.days; i++) {
    const key = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    trend.set(key, {
      EMERGENT: { total: 0, within: 0 },
      URGENT: { total: 0, within: 0 },
      ROUTINE: { total: 0, within: 0 },
    });
  }
  for (const r of rows) {
    const sev = r.severity as CountedSeverity;
    if (!SEVERITIES.includes(sev)) continue;
    const total = Number(r.total);
    const within = Number(r.within);
    bySeverity[sev].total += total;
    bySeverity[sev].within += within;
    const bucket = trend.get(r.day);
    if (bucket) {
      bucket[sev].total += total;
      bucket[sev].within += within;
    }
  }
  return {
    since,
    bySeverity: SEVERITIES.map((s) => ({ severity: s, ...bySeverity[s], percent: pct(bySeverity[s]) })),
    trend: [...trend.entries()].map(([day, b]) => ({
      day,
      EMERGENT: pct(b.EMERGENT),
      URGENT: pct(b.URGENT),
      ROUTINE: pct(b.ROUTINE),
      total: b.EMERGENT.total + b.URGENT.total + b.ROUTINE.total,
    })),
  };
}

function pct(c: { total: number; within: number }): number | null {
  return c.total === 0 ? null : Math.round((c.within / c.total) * 1000) / 10;
}
