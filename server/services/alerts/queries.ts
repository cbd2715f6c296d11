import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { BUCKET_MS, SERIES, type Series } from "./samples.js";

/** Open alerts first, then the most recent history (resolved ones), newest first. */
export async function listAlerts(db: Db, opts: { historyLimit: number }) {
  const select = {
    id: true,
    key: true,
    severity: true,
    title: true,
    detail: true,
    value: true,
    threshold: true,
    openedAt: true,
    lastSeenAt: true,
    resolvedAt: true,
    webhookResult: true,
  } as const;
  const [open, history] = await Promise.all([
    db.systemAlert.findMany({ where: { resolvedAt: null }, orderBy: { openedAt: "desc" }, select }),
    db.systemAlert.findMany({
      where: { resolvedAt: { not: null } },
      orderBy: { openedAt: "desc" },
      take: opts.historyLimit,
      select,
    }),
  ]);
  return { open, history, serverNow: now() };
}

// Counts add up when buckets are merged; levels keep their worst value.
const SUMMED = new Set<Series>(["requests", "errors_5xx", "texts_sent", "texts_failed"]);

/**
 * The key series over the last 24 hours (five-minute points) or 7 days (hourly points), one row
 * per point with a value per series (null where no sample was written).
 */
export async function listSamples(db: Db, opts: { range: "24h" | "7d" }) {
  const to = now();
  const spanMs = (opts.range === "24h" ? 24 : 7 * 24) * 3_600_000;
  const stepMs = opts.range === "24h" ? BUCKET_MS : 3_600_000;
  const from = new Date(to.getTime() - spanMs);
  const rows = await db.metricSample.findMany({
    where: { bucketStart: { gte: from, lte: to } },
    orderBy: { bucketStart: "asc" },
    select: { series: true, bucketStart: true, value: true },
  });
  const points = new Map<number, Partial<Record<Series, number>>>();
  for (const r of rows) {
    const series = r.series as Series;
    if (!SERIES.includes(series)) continue;
    const at = Math.floor(r.bucketStart.getTime() / stepMs) * stepMs;
    const point = points.get(at) ?? {};
    const prev = point[series];
    point[series] =
      prev === undefined ? r.value : SUMMED.has(series) ? prev + r.value : Math.max(prev, r.value);
    points.set(at, point);
  }
  return {
    range: opts.range,
    from,
    to,
    stepMs,
    points: [...points.entries()].map(([at, values]) => ({ at: new Date(at), ...values })),
  };
}
