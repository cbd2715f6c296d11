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
  /** Set for spans (`logger.trace`, a task's own OTel spans, AI SDK calls). */
  durationMs: number | null;
  isError: boolean;
  /** The OTel span id, for spans. */
  spanId: string | null;
  /** The span this line or span was made in (null: made directly in the run). */
  parentSpanId: string | null;
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
    span_id: string | null;
    parent_span_id: string | null;
  }>(
    `SELECT id::text, attempt, at, level, message, attributes, duration_ms, is_error, span_id, parent_span_id
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
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
  }));
}
