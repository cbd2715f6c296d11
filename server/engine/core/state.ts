import type pg from "pg";
import { createPool, FINAL_STATUSES } from "./db.js";
import { type RunLogLine, readRunLogs } from "./run-log-read.js";

// Read-only view of the engine's state for tools, tests and scripts outside the engine, so they
// never depend on the engine's tables (which may change with any release of this folder).
// Task code and product code should use the Trigger.dev SDK (`runs.list/retrieve`) instead; this
// API is for what the SDK does not offer: "is anything still due?", counts, blocking waitpoints.

export const RUN_STATUSES = [
  "PENDING",
  "DELAYED",
  "DEQUEUED",
  "EXECUTING",
  "RETRYING_AFTER_FAILURE",
  "WAITING_TO_RESUME",
  ...FINAL_STATUSES,
] as const;
/** The engine's own (database) statuses, as Trigger.dev's realtime API sends them. */
export type EngineRunStatus = (typeof RUN_STATUSES)[number];

export interface EngineRunSummary {
  /** Friendly id (`run_…`), as the SDK shows it. */
  id: string;
  taskIdentifier: string;
  status: EngineRunStatus;
  tags: string[];
  createdAt: Date;
  completedAt: Date | null;
}

export interface EngineWaitpoint {
  id: string;
  type: "DATETIME" | "MANUAL" | "RUN" | "BATCH";
  status: string;
  completeAfter: Date | null;
  timeoutAt: Date | null;
  completedAt: Date | null;
}

export interface EngineRunDetail extends EngineRunSummary {
  attemptNumber: number;
  parentId: string | null;
  rootId: string | null;
  /** Waitpoints the run is blocked on right now (empty unless WAITING_TO_RESUME). */
  waitpoints: EngineWaitpoint[];
}

export interface RunFilter {
  /** Runs carrying this tag. */
  tag?: string;
  status?: EngineRunStatus[];
  /** Leave out runs in these statuses. */
  notStatus?: EngineRunStatus[];
  taskIdentifier?: string;
  /** Newest first; default 100, at most 1,000. */
  limit?: number;
}

/** What operators watch (`activity`): the ready queue per task and what happened since a moment. */
export interface EngineActivity {
  /** Runs ready to start but not started (pending or retrying, due), per task, with the oldest's ready time. */
  queued: { taskIdentifier: string; count: number; oldestReadyAt: Date }[];
  /** Runs blocked on a wait, a token or a child run. */
  waiting: number;
  executing: number;
  /** Since `since`: runs started for the first time, attempts after the first, runs finished by status. */
  startedSince: { taskIdentifier: string; count: number }[];
  retriedSince: { taskIdentifier: string; count: number }[];
  finishedSince: { taskIdentifier: string; status: EngineRunStatus; count: number }[];
}

export interface EngineState {
  listRuns(filter?: RunFilter): Promise<EngineRunSummary[]>;
  /** A run (friendly id) with the waitpoints blocking it; undefined if unknown. */
  retrieveRun(id: string): Promise<EngineRunDetail | undefined>;
  /** The run's `logger.*` lines and `logger.trace` spans, oldest first (at most 5,000). */
  runLogs(id: string): Promise<RunLogLine[]>;
  /** Run counts per (task, status), largest first. */
  countRuns(
    filter?: Omit<RunFilter, "limit">,
  ): Promise<{ taskIdentifier: string; status: EngineRunStatus; count: number }[]>;
  /**
   * How much is runnable at `at`: runs executing or ready, and waits or token timeouts due but not
   * yet swept. 0 means the engine is quiet at that (virtual) time.
   */
  pendingWork(at: Date): Promise<number>;
  /** The next moment after `after` something becomes due: a wait, a token timeout, a delayed or retrying run. */
  nextDueAt(after: Date): Promise<Date | undefined>;
  /** The persisted virtual-clock offset (embedded mode), 0 when time was never moved. */
  clockOffsetMs(): Promise<number>;
  /** Queue depth and recent run outcomes at `at` (for metrics and alerts). */
  activity(since: Date, at: Date): Promise<EngineActivity>;
}

export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.Client, "query">;

function where(filter: Omit<RunFilter, "limit">, params: unknown[]): string {
  const parts: string[] = [];
  if (filter.tag !== undefined) {
    params.push(filter.tag);
    parts.push(`tags @> ARRAY[$${params.length}]::text[]`);
  }
  if (filter.status?.length) {
    params.push(filter.status);
    parts.push(`status = ANY($${params.length}::text[])`);
  }
  if (filter.notStatus?.length) {
    params.push(filter.notStatus);
    parts.push(`NOT (status = ANY($${params.length}::text[]))`);
  }
  if (filter.taskIdentifier !== undefined) {
    params.push(filter.taskIdentifier);
    parts.push(`task_identifier = $${params.length}`);
  }
  return parts.length ? `WHERE ${parts.join(" AND ")}` : "";
}

interface RunRow {
  friendly_id: string;
  task_identifier: string;
  status: EngineRunStatus;
  tags: string[];
  created_at: Date;
  completed_at: Date | null;
}
const summary = (r: RunRow): EngineRunSummary => ({
  id: r.friendly_id,
  taskIdentifier: r.task_identifier,
  status: r.status,
  tags: r.tags,
  createdAt: r.created_at,
  completedAt: r.completed_at,
});
const RUN_COLUMNS = "friendly_id, task_identifier, status, tags, created_at, completed_at";

/** The state API over a pool or client on the engine's database (the engine need not run). */
export function engineState(db: Queryable): EngineState {
  const q = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (db as pg.Pool).query<R>(sql, params);
  return {
    async listRuns(filter = {}) {
      const params: unknown[] = [];
      const w = where(filter, params);
      params.push(Math.min(Math.max(filter.limit ?? 100, 1), 1000));
      const res = await q<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM trigger_engine.runs ${w} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return res.rows.map(summary);
    },
    async retrieveRun(id) {
      const res = await q<
        RunRow & { id: string; attempt_number: number; parent: string | null; root: string | null }
      >(
        `SELECT r.id, ${RUN_COLUMNS.replace(/(\w+)/g, "r.$1")}, r.attempt_number,
                p.friendly_id AS parent, rt.friendly_id AS root
           FROM trigger_engine.runs r
           LEFT JOIN trigger_engine.runs p ON p.id = r.parent_run_id
           LEFT JOIN trigger_engine.runs rt ON rt.id = r.root_run_id
          WHERE r.friendly_id = $1`,
        [id],
      );
      const row = res.rows[0];
      if (!row) return undefined;
      const wps = await q<{
        id: string;
        type: EngineWaitpoint["type"];
        status: string;
        complete_after: Date | null;
        timeout_at: Date | null;
        completed_at: Date | null;
      }>(
        `SELECT w.id, w.type, w.status, w.complete_after, w.timeout_at, w.completed_at
           FROM trigger_engine.run_blocks b JOIN trigger_engine.waitpoints w ON w.id = b.waitpoint_id
          WHERE b.run_id = $1 ORDER BY w.created_at`,
        [row.id],
      );
      return {
        ...summary(row),
        attemptNumber: row.attempt_number,
        parentId: row.parent,
        rootId: row.root,
        waitpoints: wps.rows.map((w) => ({
          id: w.id,
          type: w.type,
          status: w.status,
          completeAfter: w.complete_after,
          timeoutAt: w.timeout_at,
          completedAt: w.completed_at,
        })),
      };
    },
    async runLogs(id) {
      const res = await q<{ id: string }>("SELECT id FROM trigger_engine.runs WHERE friendly_id = $1", [id]);
      return res.rows[0] ? readRunLogs(db, res.rows[0].id) : [];
    },
    async countRuns(filter = {}) {
      const params: unknown[] = [];
      const res = await q<{ task_identifier: string; status: EngineRunStatus; n: number }>(
        `SELECT task_identifier, status, count(*)::int AS n FROM trigger_engine.runs ${where(filter, params)}
          GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
        params,
      );
      return res.rows.map((r) => ({ taskIdentifier: r.task_identifier, status: r.status, count: r.n }));
    },
    async pendingWork(at) {
      const res = await q<{ n: number }>(
        // Three disjoint counts, each on its own index (runs_held, runs_available, waitpoints_due /
        // _timeout): one OR over the runs table scanned every run (18 ms at 20,000 runs, growing).
        `SELECT ((SELECT count(*) FROM trigger_engine.runs WHERE status IN ('DEQUEUED', 'EXECUTING'))
               + (SELECT count(*) FROM trigger_engine.runs
                   WHERE available_at <= $1
                     AND status IN ('PENDING', 'DELAYED', 'RETRYING_AFTER_FAILURE', 'WAITING_TO_RESUME'))
               + (SELECT count(*) FROM trigger_engine.waitpoints
                   WHERE completed_at IS NULL AND (complete_after <= $1 OR timeout_at <= $1)))::int AS n`,
        [at],
      );
      return res.rows[0]?.n ?? 0;
    },
    async nextDueAt(after) {
      const res = await q<{ at: Date | null }>(
        `SELECT least(
           (SELECT min(complete_after) FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after > $1),
           (SELECT min(timeout_at) FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND timeout_at > $1),
           (SELECT min(available_at) FROM trigger_engine.runs WHERE available_at > $1)) AS at`,
        [after],
      );
      return res.rows[0]?.at ?? undefined;
    },
    async activity(since, at) {
      const [queued, live, starts, finished] = await Promise.all([
        q<{ task_identifier: string; n: number; oldest: Date }>(
          `SELECT task_identifier, count(*)::int AS n, min(available_at) AS oldest FROM trigger_engine.runs
            WHERE status IN ('PENDING', 'RETRYING_AFTER_FAILURE') AND available_at <= $1 GROUP BY 1 ORDER BY 1`,
          [at],
        ),
        q<{ waiting: number; executing: number }>(
          // Two counts, each through its partial index (runs_waiting, runs_held), not a scan of runs.
          `SELECT (SELECT count(*) FROM trigger_engine.runs WHERE status = 'WAITING_TO_RESUME')::int AS waiting,
                  (SELECT count(*) FROM trigger_engine.runs WHERE status IN ('DEQUEUED', 'EXECUTING'))::int AS executing`,
        ),
        q<{ task_identifier: string; started: number; retried: number }>(
          // Attempts started since: the first is the run's start (the same time, kept on a re-lease),
          // the others retries. Read through attempts_started: an index on runs would be written at
          // every change of every run.
          `SELECT r.task_identifier, count(*) FILTER (WHERE a.number = 1)::int AS started,
                  count(*) FILTER (WHERE a.number > 1)::int AS retried
             FROM trigger_engine.attempts a JOIN trigger_engine.runs r ON r.id = a.run_id
            WHERE a.started_at >= $1 GROUP BY 1 ORDER BY 1`,
          [since],
        ),
        q<{ task_identifier: string; status: EngineRunStatus; n: number }>(
          `SELECT task_identifier, status, count(*)::int AS n FROM trigger_engine.runs
            WHERE completed_at >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
          [since],
        ),
      ]);
      const byTask = (kind: "started" | "retried") =>
        starts.rows
          .filter((r) => r[kind] > 0)
          .map((r) => ({ taskIdentifier: r.task_identifier, count: r[kind] }));
      return {
        queued: queued.rows.map((r) => ({
          taskIdentifier: r.task_identifier,
          count: r.n,
          oldestReadyAt: r.oldest,
        })),
        waiting: live.rows[0]?.waiting ?? 0,
        executing: live.rows[0]?.executing ?? 0,
        startedSince: byTask("started"),
        retriedSince: byTask("retried"),
        finishedSince: finished.rows.map((r) => ({
          taskIdentifier: r.task_identifier,
          status: r.status,
          count: r.n,
        })),
      };
    },
    async clockOffsetMs() {
      try {
        const res = await q<{ offset_ms: string }>("SELECT offset_ms FROM trigger_engine.clock WHERE id = 1");
        return Number(res.rows[0]?.offset_ms ?? 0);
      } catch {
        return 0; // no engine schema yet: time was never moved
      }
    },
  };
}

/** The state API on its own connection pool, for tools that do not run the engine. */
export function connectEngineState(databaseUrl: string): EngineState & { close(): Promise<void> } {
  const pool = createPool(databaseUrl, 2);
  return { ...engineState(pool), close: () => pool.end() };
}
