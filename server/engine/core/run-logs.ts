import type pg from "pg";
import { currentSlots } from "./context-slots.js";
import type { LogLevel } from "./run-log-read.js";

// `logger.*` lines and the OTel spans of task code (run-spans.ts), stored per run (table `run_logs`) and
// served with the run (`GET /api/v1/runs/:id/trace`, `engine.state.runLogs`). They may carry
// patient data, so they go to the engine's database only, never to the process log.

/** Key of the attempt's log in its slot store (beside the SDK's own per-attempt slots). */
export const LOG_SLOT = "engine.run-log";
// Bounds: a chatty or looping task must not fill the database.
const MAX_LINES_PER_ATTEMPT = 1_000;
const MAX_MESSAGE = 2_000;
const MAX_ATTRIBUTES = 8_000;
const FLUSH_MS = 200;

export type { LogLevel } from "./run-log-read.js";

/** What a span adds to a line (run-spans.ts); a plain line may name the span it was written in. */
export interface LineSpan {
  /** Set for spans: when the span started (the line's time); a plain line's time is when it is recorded. */
  startedAt?: Date;
  /** Set for spans: how long the span took. */
  durationMs?: number;
  isError?: boolean;
  /** The OTel span id, for spans. */
  spanId?: string;
  /** The span the line or span was made in, when that span was recorded too (null: the run). */
  parentSpanId?: string | null;
}

export interface AttemptLog {
  record(level: LogLevel, message: string, attributes?: unknown, span?: LineSpan): void;
  /** The engine's clock (virtual when clock control is on), for a span's start. */
  now(): Date;
}

interface Line {
  runId: string;
  attempt: number;
  at: Date;
  level: LogLevel;
  message: string;
  attributes: string | null;
  durationMs: number | null;
  isError: boolean;
  ord: number;
  spanId: string | null;
  parentSpanId: string | null;
}

function serialize(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  try {
    const text = JSON.stringify(value, (_k, v) =>
      v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v,
    );
    if (text === undefined) return null;
    return text.length > MAX_ATTRIBUTES ? JSON.stringify({ truncated: text.slice(0, MAX_ATTRIBUTES) }) : text;
  } catch {
    return JSON.stringify({ unserializable: true });
  }
}

/** Buffers lines from every attempt of this process and writes them in batches. */
export class RunLogWriter {
  private pending: Line[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date,
  ) {}

  forAttempt(runId: string, attempt: number): AttemptLog {
    let count = 0;
    return {
      now: this.now,
      record: (level, message, attributes, span) => {
        if (++count > MAX_LINES_PER_ATTEMPT) return;
        const text = count === MAX_LINES_PER_ATTEMPT ? "(log limit reached: later lines dropped)" : message;
        this.pending.push({
          runId,
          attempt,
          at: span?.startedAt ?? this.now(),
          level,
          message: String(text).slice(0, MAX_MESSAGE),
          attributes: count === MAX_LINES_PER_ATTEMPT ? null : serialize(attributes),
          durationMs: span?.durationMs ?? null,
          isError: span?.isError ?? level === "ERROR",
          ord: count,
          spanId: span?.spanId ?? null,
          parentSpanId: span?.parentSpanId ?? null,
        });
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          void this.flush();
        }, FLUSH_MS).unref();
      },
    };
  }

  /** Writes what is buffered; resolves when every line recorded so far is stored. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.insert(batch)).catch(() => {});
    }
    return this.writing;
  }

  private async insert(batch: Line[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO trigger_engine.run_logs
              (run_id, attempt, at, level, message, attributes, duration_ms, is_error, ord, span_id, parent_span_id)
       SELECT run_id, attempt, at, level, message, attributes, duration_ms, is_error, ord, span_id, parent_span_id
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[],
                     $7::float8[], $8::bool[], $9::int[], $10::text[], $11::text[])
              AS l(run_id, attempt, at, level, message, attributes, duration_ms, is_error, ord, span_id,
                   parent_span_id)
        WHERE EXISTS (SELECT 1 FROM trigger_engine.runs r WHERE r.id = l.run_id)`,
      [
        batch.map((l) => l.runId),
        batch.map((l) => l.attempt),
        batch.map((l) => l.at),
        batch.map((l) => l.level),
        batch.map((l) => l.message),
        batch.map((l) => l.attributes),
        batch.map((l) => l.durationMs),
        batch.map((l) => l.isError),
        batch.map((l) => l.ord),
        batch.map((l) => l.spanId),
        batch.map((l) => l.parentSpanId),
      ],
    );
  }
}

/** The log of the attempt whose code is running now (undefined outside an attempt). */
export function currentLog(): AttemptLog | undefined {
  return currentSlots()?.get(LOG_SLOT) as AttemptLog | undefined;
}
