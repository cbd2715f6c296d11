import type { Queryable } from "./state.js";

// Reading a run's log lines (written by run-logs.ts); free of SDK imports, so tools can use it.

export type LogLevel = "DEBUG" | "LOG" | "INFO" | "WARN" | "ERROR" | "TRACE";

export interface RunLogLine {
  id: string;
  attempt: number;
  at: Date;
  level: LogLevel;
  message: string;
  attributes: unknown;
  /** Set for `logger.trace` spans. */
  durationMs: number | null;
  isError: boolean;
}

export async function readRunLogs(db: Queryable, runInternalId: string): Promise<RunLogLine[]> {
  const res = await db.query<{
    id: string;
    attempt: number;
    at: Date;
    level: LogLevel;
    message: string;
    attributes: unknown;
    duration_ms: number | null;
    is_error: boolean;
  }>(
    `SELECT id::text, attempt, at, level, message, attributes, duration_ms, is_error
       FROM trigger_engine.run_logs WHERE run_id = $1 ORDER BY attempt, at, ord, id LIMIT 5000`,
    [runInternalId],
  );
  return res.rows.map((r) => ({
    id: r.id,
    attempt: r.attempt,
    at: r.at,
    level: r.level,
    message: r.message,
    attributes: r.attributes,
    durationMs: r.duration_ms,
    isError: r.is_error,
  }));
}
