import type { MonitoringEnv } from "../../config/index.js";
import type { Db } from "../../db/client.js";
import type { EngineActivity, EngineState } from "../../engine/index.js";
import { windowCounts } from "../../observability/window.js";
import { tasksWithoutMonitor, textOutcomes } from "./probes.js";

export type AlertKey =
  | "run_backlog"
  | "run_queue_age"
  | "runs_failed"
  | "http_5xx_rate"
  | "sms_failure_rate"
  | "db_unreachable"
  | "db_slow"
  | "sla_monitor_missing";

/** A condition that holds now. Titles and details carry counts and thresholds only, never PHI. */
export interface Finding {
  key: AlertKey;
  severity: "WARNING" | "CRITICAL";
  title: string;
  detail: string;
  value: number;
  threshold: number;
}

/** What one round measured: the key series for the rolled-up history. */
export interface Measurements {
  requests: number;
  errors5xx: number;
  textsSent: number;
  textsFailed: number;
  queueDepth: number;
  oldestQueuedSeconds: number;
  runsFailed: number;
  dbPingMs: number | null;
}

export interface CheckDeps {
  db: Db;
  /** The engine's state API; without it (connected mode) the run checks are skipped. */
  engine?: Pick<EngineState, "activity" | "listRuns">;
  /** Times `SELECT 1`; rejects when the database cannot be reached. Defaults to `db`. */
  pingDb?: () => Promise<number>;
  settings: MonitoringEnv;
}

const HOUR_MS = 3_600_000;
const FIVE_MIN_MS = 300_000;
const FAILED_STATUSES = new Set(["COMPLETED_WITH_ERRORS", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT"]);

export async function pingDatabase(db: Db, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("database ping timed out")), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
  }
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Every check at `at`: which conditions hold, and the numbers behind them. */
export async function runChecks(
  deps: CheckDeps,
  at: Date,
): Promise<{ findings: Finding[]; checked: AlertKey[]; measured: Measurements }> {
  const s = deps.settings;
  const findings: Finding[] = [];
  const checked: AlertKey[] = ["http_5xx_rate", "db_unreachable", "db_slow"];

  let dbPingMs: number | null = null;
  try {
    dbPingMs = await (deps.pingDb ?? (() => pingDatabase(deps.db)))();
  } catch {
    findings.push({
      key: "db_unreachable",
      severity: "CRITICAL",
      title: "Database unreachable",
      detail: "The database did not answer SELECT 1 within 5 seconds.",
      value: 1,
      threshold: 0,
    });
  }
  if (dbPingMs !== null && dbPingMs > s.ALERT_DB_SLOW_MS) {
    findings.push({
      key: "db_slow",
      severity: "WARNING",
      title: "Database slow",
      detail: `SELECT 1 took ${Math.round(dbPingMs)} ms (threshold ${s.ALERT_DB_SLOW_MS} ms).`,
      value: dbPingMs,
      threshold: s.ALERT_DB_SLOW_MS,
    });
  }

  const window = windowCounts(FIVE_MIN_MS, at.getTime());
  const rates = [
    { what: "HTTP requests", total: window.httpRequests, errors: window.http5xx },
    { what: "tRPC calls", total: window.trpcCalls, errors: window.trpc5xx },
  ].filter((r) => r.total >= s.ALERT_5XX_MIN_REQUESTS && r.errors / r.total > s.ALERT_5XX_RATE);
  const worst = rates.sort((a, b) => b.errors / b.total - a.errors / a.total)[0];
  if (worst) {
    findings.push({
      key: "http_5xx_rate",
      severity: "CRITICAL",
      title: "Server errors above threshold",
      detail: `${worst.errors} of ${worst.total} ${worst.what} failed with a server error in the last 5 minutes (${pct(worst.errors / worst.total)}, threshold ${pct(s.ALERT_5XX_RATE)}).`,
      value: worst.errors / worst.total,
      threshold: s.ALERT_5XX_RATE,
    });
  }

  const texts = await textOutcomes(deps.db, at);
  checked.push("sms_failure_rate");
  const sent = texts.sent + texts.failed;
  if (sent >= s.ALERT_SMS_MIN_TEXTS && texts.failed / sent > s.ALERT_SMS_FAILURE_RATE) {
    findings.push({
      key: "sms_failure_rate",
      severity: "CRITICAL",
      title: "Text delivery failing",
      detail: `${texts.failed} of ${sent} patient texts failed in the last hour (${pct(texts.failed / sent)}, threshold ${pct(s.ALERT_SMS_FAILURE_RATE)}).`,
      value: texts.failed / sent,
      threshold: s.ALERT_SMS_FAILURE_RATE,
    });
  }

  let activity: EngineActivity | null = null;
  if (deps.engine) {
    activity = await deps.engine.activity(new Date(at.getTime() - HOUR_MS), at);
    checked.push("run_backlog", "run_queue_age", "runs_failed", "sla_monitor_missing");
    findings.push(...runFindings(activity, s, at));
    const missing = await tasksWithoutMonitor(deps.db, deps.engine, at);
    if (missing > 0) {
      findings.push({
        key: "sla_monitor_missing",
        severity: "CRITICAL",
        title: "SLA monitor missing",
        detail: `${missing} open task(s) have no live SLA monitor: their warnings and breaches will not fire.`,
        value: missing,
        threshold: 0,
      });
    }
  }

  const queueDepth = activity?.queued.reduce((n, q) => n + q.count, 0) ?? 0;
  const oldest = activity?.queued.reduce((m, q) => Math.min(m, q.oldestReadyAt.getTime()), at.getTime());
  return {
    findings,
    checked,
    measured: {
      requests: window.httpRequests,
      errors5xx: window.http5xx,
      textsSent: texts.sentInBucket,
      textsFailed: texts.failedInBucket,
      queueDepth,
      oldestQueuedSeconds: Math.max(0, (at.getTime() - (oldest ?? at.getTime())) / 1000),
      runsFailed: failedRuns(activity),
      dbPingMs,
    },
  };
}

function failedRuns(activity: EngineActivity | null): number {
  return (activity?.finishedSince ?? [])
    .filter((r) => FAILED_STATUSES.has(r.status))
    .reduce((n, r) => n + r.count, 0);
}

function runFindings(a: EngineActivity, s: MonitoringEnv, at: Date): Finding[] {
  const out: Finding[] = [];
  const depth = a.queued.reduce((n, q) => n + q.count, 0);
  if (depth > s.ALERT_QUEUE_DEPTH) {
    const top = [...a.queued].sort((x, y) => y.count - x.count)[0];
    out.push({
      key: "run_backlog",
      severity: "WARNING",
      title: "Run backlog",
      detail: `${depth} runs are waiting to start (threshold ${s.ALERT_QUEUE_DEPTH}); most in ${top?.taskIdentifier}.`,
      value: depth,
      threshold: s.ALERT_QUEUE_DEPTH,
    });
  }
  const oldest = [...a.queued].sort((x, y) => x.oldestReadyAt.getTime() - y.oldestReadyAt.getTime())[0];
  const ageMin = oldest ? (at.getTime() - oldest.oldestReadyAt.getTime()) / 60_000 : 0;
  if (oldest && ageMin > s.ALERT_QUEUE_AGE_MINUTES) {
    out.push({
      key: "run_queue_age",
      severity: "WARNING",
      title: "Runs waiting too long to start",
      detail: `The oldest queued run (${oldest.taskIdentifier}) has waited ${Math.round(ageMin)} minutes (threshold ${s.ALERT_QUEUE_AGE_MINUTES}).`,
      value: ageMin,
      threshold: s.ALERT_QUEUE_AGE_MINUTES,
    });
  }
  const failed = failedRuns(a);
  if (failed >= s.ALERT_FAILED_RUNS_PER_HOUR) {
    const tasks = [
      ...new Set(a.finishedSince.filter((r) => FAILED_STATUSES.has(r.status)).map((r) => r.taskIdentifier)),
    ];
    out.push({
      key: "runs_failed",
      severity: "CRITICAL",
      title: "Runs failed after their retries",
      detail: `${failed} run(s) failed after their retries in the last hour (threshold ${s.ALERT_FAILED_RUNS_PER_HOUR}): ${tasks.join(", ")}.`,
      value: failed,
      threshold: s.ALERT_FAILED_RUNS_PER_HOUR,
    });
  }
  return out;
}
