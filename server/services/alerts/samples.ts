import type { Db } from "../../db/client.js";
import { registry } from "../../observability/metrics.js";
import type { Measurements } from "./checks.js";

/** The key series the System page charts, one value per five-minute bucket. */
export const SERIES = [
  "requests",
  "errors_5xx",
  "texts_sent",
  "texts_failed",
  "queue_depth",
  "oldest_queued_seconds",
  "runs_failed_last_hour",
  "event_loop_lag_ms",
  "memory_rss_mb",
  "db_ping_ms",
] as const;
export type Series = (typeof SERIES)[number];

export const BUCKET_MS = 5 * 60_000;
export const KEEP_MS = 8 * 24 * 3_600_000;

async function gaugeValue(name: string): Promise<number | null> {
  const metric = registry.getSingleMetric(name);
  const value = metric ? (await metric.get()).values[0]?.value : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Writes this round's bucket (a re-run of the same bucket overwrites it) and drops what is 8 days old. */
export async function recordSamples(db: Db, measured: Measurements, at: Date): Promise<number> {
  const bucketStart = new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
  const lag = await gaugeValue("nodejs_eventloop_lag_p99_seconds");
  const values: Record<Series, number | null> = {
    requests: measured.requests,
    errors_5xx: measured.errors5xx,
    texts_sent: measured.textsSent,
    texts_failed: measured.textsFailed,
    queue_depth: measured.queueDepth,
    oldest_queued_seconds: measured.oldestQueuedSeconds,
    runs_failed_last_hour: measured.runsFailed,
    event_loop_lag_ms: lag === null ? null : lag * 1000,
    memory_rss_mb: process.memoryUsage().rss / 1024 / 1024,
    db_ping_ms: measured.dbPingMs,
  };
  const rows = Object.entries(values).filter((e): e is [Series, number] => e[1] !== null);
  await db.$transaction(
    rows.map(([series, value]) =>
      db.metricSample.upsert({
        where: { series_bucketStart: { series, bucketStart } },
        create: { series, bucketStart, value },
        update: { value },
      }),
    ),
  );
  const pruned = await db.metricSample.deleteMany({
    where: { bucketStart: { lt: new Date(at.getTime() - KEEP_MS) } },
  });
  return pruned.count;
}
