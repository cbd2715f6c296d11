import type pg from "pg";
import type { BulkActionWorker } from "./bulk-actions.js";
import type { EngineClock } from "./clock.js";
import type { JournalRow, RunRow, WaitpointRow } from "./db.js";
import type { LoadedProject } from "./loader.js";
import type { QueueSettings } from "./queue-settings.js";
import type { RunLogWriter } from "./run-logs.js";
import type { StreamHub } from "./streams.js";

/** An execution of one attempt in this process; the per-run access token names it. */
export interface ExecutionRef {
  runFriendlyId: string;
  /** Internal id of the same run (saves a lookup on every call the attempt makes). */
  runId: string;
  /**
   * The run's place in its tree (`root_run_id`, `depth`), as leased: a child it triggers is placed
   * under it without reading the run again (`insertRun`).
   */
  lineage: { rootRunId: string | null; depth: number };
  attempt: number;
  nonce: string;
  /** Ordinal counters per kind ("trigger", "wait", "token", "batch") for replay after re-execution. */
  ordinals: Map<string, number>;
  /**
   * The run was leased before (a re-execution after a restart, lost lease or retry): its journal
   * may hold calls to replay. On a run's first lease nothing was journaled, so lookups are skipped.
   */
  replayable: boolean;
  /**
   * Completed waitpoints this attempt already holds (a replayed wait, its own wait call's read, the
   * blockers its resume came with: `noteWaitpoint`). A completed waitpoint never changes, so the
   * runtime's wait for it answers from here instead of reading it again.
   */
  completed?: Map<string, CompletedWaitpoint>;
  /**
   * Waitpoints this attempt's own wait call (the token wait or the duration route) just found
   * open: the runtime's wait that follows parks at once instead of reading the waitpoint again
   * (the park itself sees a completion that came in between: `parkRun`).
   */
  open?: Set<string>;
  /**
   * The RUN waitpoint of each child this attempt just made with `triggerAndWait` (child friendly id
   * to waitpoint id): the runtime's wait for that child parks on it at once instead of reading the
   * child and looking the waitpoint up (a child that finished meanwhile is seen by the park).
   */
  childWaits?: Map<string, string>;
  /**
   * The attempt's journal read with its lease (`journalOf`), keyed by `journalKey`. When present,
   * replay lookups answer from it: while the attempt holds the lease nothing else writes its journal.
   */
  journal?: Map<string, JournalRow>;
}

export const journalKey = (kind: string, ordinal: number): string => `${kind}\u001f${ordinal}`;

/**
 * What a run's own wait call learned of the waitpoint it is about to wait on: completed (the wait
 * answers from memory) or open (the wait parks without reading it first).
 */
export function noteWaitpoint(
  exec: ExecutionRef,
  w: Pick<WaitpointRow, "id" | "completed_at" | "output" | "output_type" | "output_is_error">,
): void {
  if (w.completed_at) {
    exec.completed ??= new Map();
    exec.completed.set(w.id, {
      completed_at: w.completed_at,
      output: w.output,
      output_type: w.output_type,
      output_is_error: w.output_is_error,
    });
  } else {
    exec.open ??= new Set();
    exec.open.add(w.id);
  }
}

/** The lease's journal rows as `ExecutionRef.journal`. */
export function journalOf(rows: JournalRow[]): Map<string, JournalRow> {
  return new Map(rows.map((r) => [journalKey(r.kind, r.ordinal), r]));
}

/** What the replay of a journaled wait reads of its waitpoint. */
export type JournaledWaitpoint = Pick<
  WaitpointRow,
  "id" | "complete_after" | "completed_at" | "output" | "output_type" | "output_is_error"
>;

/** What a wait returns from a completed waitpoint (the columns of `waitpoints` it reads). */
export type CompletedWaitpoint = Pick<WaitpointRow, "output" | "output_type" | "output_is_error"> & {
  completed_at: Date;
};

export interface EngineCore {
  pool: pg.Pool;
  clock: EngineClock;
  project: LoadedProject;
  /** Queue limits and pauses as claims apply them (declared, overridden, paused). */
  queues: QueueSettings;
  /** Works off bulk actions (`runs.bulk.*`) in the background. */
  bulk?: BulkActionWorker;
  workerId: string;
  /** Engine API base URL the task code calls back into. */
  apiUrl(): string;
  executions: Map<string, ExecutionRef>;
  /** `logger.*` lines of task code, written in batches. */
  logs: RunLogWriter;
  /** Wakes readers of realtime streams (a chunk arrived, or the run changed). */
  streams: StreamHub;
  /** Suspended attempts this engine (this thread) may keep in memory (suspended.ts). */
  maxSuspended: number;
  /** Nudges the dequeue loop (new work may be available). */
  wake(): void;
  /** In an executor thread: tells the engine thread about attempts it must be able to stop. */
  supervise?: Supervisor;
  /** The dequeue loop of this process (absent in an executor thread): see `DirectLease`. */
  directLease?: DirectLease;
}

/**
 * New runs leased in the INSERT that creates them (trigger-batch.ts) when the dequeue loop is idle:
 * the trigger's one round trip also claims the run (worker.ts).
 */
export interface DirectLease {
  /** The worker that owns the leases. */
  readonly workerId: string;
  /** While the dequeue loop is claiming: when it is done (then `reserveDirect` can answer). */
  whenSettled(): Promise<void> | undefined;
  /** Promises `n` free slots, or refuses (the loop is claiming, full, or was woken). */
  reserveDirect(n: number): boolean;
  /** Executes the runs leased with the `n` promised slots. */
  launchDirect(n: number, runs: RunRow[]): void;
  /** The insert failed: the `n` slots are free again. */
  releaseDirect(n: number): void;
}

/** What an executor thread reports so the engine thread can stop a runaway run (executors.ts). */
export interface Supervisor {
  /** A lease of the run began executing; it must end within `remainingMs` (null: no maxDuration). */
  legStarted(runId: string, remainingMs: number | null): void;
  /** The run was timed out or canceled but its code did not return: stop the thread. */
  runaway(runId: string): void;
}

export class EngineHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Re-execution after a wait replays the run from the top; the n-th call of a kind in the same
 * attempt must get back what the n-th call got the first time (same child run, token, waitpoint).
 * A call with an idempotency key is journaled under its own kind (`wait#<key>`): its key names it,
 * so task code may skip keyed calls it has already been through without shifting anyone's ordinal.
 */
export function journalKind(kind: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? `${kind}#${idempotencyKey}` : kind;
}

/** A journaled call's place in its attempt's journal: the ordinal, and the result recorded there before, if any. */
export interface JournalSlot {
  ordinal: number;
  known?: string;
}

/**
 * The journal slot of the attempt's next call of `kind`: its ordinal (taken), and the result a
 * replayed attempt recorded there before, if any.
 */
async function journalSlot(
  q: Pick<pg.Pool, "query">,
  exec: ExecutionRef,
  runId: string,
  kind: string,
): Promise<JournalSlot> {
  const ordinal = (exec.ordinals.get(kind) ?? 0) + 1;
  exec.ordinals.set(kind, ordinal);
  if (!exec.replayable) return { ordinal };
  const known = exec.journal
    ? exec.journal.get(journalKey(kind, ordinal))?.result
    : (
        await q.query<{ result: string }>(
          "SELECT result FROM trigger_engine.replay_journal WHERE run_id = $1 AND attempt = $2 AND kind = $3 AND ordinal = $4",
          [runId, exec.attempt, kind, ordinal],
        )
      ).rows[0]?.result;
  return { ordinal, known };
}

export async function journaled(
  c: pg.PoolClient,
  exec: ExecutionRef | undefined,
  runId: string | undefined,
  kind: string,
  create: () => Promise<string>,
  /** The slot an earlier try of this same call took (`tryJournaledInsert`); default: the next one. */
  slot?: JournalSlot,
): Promise<{ value: string; replayed: boolean }> {
  if (!exec || !runId) return { value: await create(), replayed: false };
  const { ordinal, known } = slot ?? (await journalSlot(c, exec, runId, kind));
  if (known !== undefined) return { value: known, replayed: true };
  const value = await create();
  await c.query(
    "INSERT INTO trigger_engine.replay_journal (run_id, attempt, kind, ordinal, result) VALUES ($1, $2, $3, $4, $5)",
    [runId, exec.attempt, kind, ordinal, value],
  );
  return { value, replayed: false };
}

/**
 * `journaled` for a call whose result is a row made by one INSERT … RETURNING * (its `id` is the
 * journaled result): the row and its journal entry are written by ONE statement, so the call needs
 * no transaction. A replay gets the recorded row back through `find`. When the INSERT inserts
 * nothing (`ON CONFLICT DO NOTHING`), no journal entry is written either and the answer carries the
 * journal slot the call took, for the caller's fallback to take the same slot
 * (`journaled(..., slot)`).
 */
export async function tryJournaledInsert<T extends { id: string }>(
  pool: pg.Pool,
  exec: ExecutionRef | undefined,
  runId: string | undefined,
  kind: string,
  insert: { text: string; values: unknown[] },
  find: (id: string) => Promise<T | undefined>,
  /** One more write in the same statement, on the row made (`made`); its parameters follow the journal's. */
  also?: { cte: (firstParam: number) => string; values: unknown[] },
): Promise<{ row: T | undefined; slot?: JournalSlot }> {
  if (!exec || !runId) return { row: (await pool.query<T>(insert)).rows[0] };
  const slot = await journalSlot(pool, exec, runId, kind);
  if (slot.known !== undefined) {
    const row = await find(slot.known);
    if (row) return { row };
    throw new EngineHttpError(500, "A journaled waitpoint is missing");
  }
  const n = insert.values.length;
  const res = await pool.query<T>(
    `WITH made AS (${insert.text}),
       journal AS (INSERT INTO trigger_engine.replay_journal (run_id, attempt, kind, ordinal, result)
         SELECT $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, id FROM made)${also ? `, also AS (${also.cte(n + 5)})` : ""}
     SELECT * FROM made`,
    [...insert.values, runId, exec.attempt, kind, slot.ordinal, ...(also?.values ?? [])],
  );
  return { row: res.rows[0], slot };
}

/**
 * The replay of a journaled waitpoint-creating call (a re-executed attempt reaching a wait it made
 * before): from the journal read with the lease, or else in one round trip outside any transaction
 * (the journal row joined to its waitpoint). Undefined when the call is not journaled yet; the
 * ordinal is then left for `journaled` to take. A completed waitpoint is remembered in
 * `exec.completed` for the wait itself.
 */
const isCompleted = (w: JournaledWaitpoint): w is JournaledWaitpoint & CompletedWaitpoint =>
  w.completed_at !== null;

export async function replayedWaitpoint(
  pool: pg.Pool,
  exec: ExecutionRef | undefined,
  runId: string,
  kind: string,
): Promise<JournaledWaitpoint | undefined> {
  if (!exec?.replayable) return undefined;
  const ordinal = (exec.ordinals.get(kind) ?? 0) + 1;
  const row = exec.journal
    ? fromJournal(exec.journal.get(journalKey(kind, ordinal))?.waitpoint)
    : (
        await pool.query<JournaledWaitpoint>(
          `SELECT w.id, w.complete_after, w.completed_at, w.output, w.output_type, w.output_is_error
           FROM trigger_engine.replay_journal j JOIN trigger_engine.waitpoints w ON w.id = j.result
           WHERE j.run_id = $1 AND j.attempt = $2 AND j.kind = $3 AND j.ordinal = $4`,
          [runId, exec.attempt, kind, ordinal],
        )
      ).rows[0];
  if (!row) return undefined;
  exec.ordinals.set(kind, ordinal);
  // A completed waitpoint never changes: the wait that follows answers from it (runtime-manager.ts).
  if (isCompleted(row)) noteWaitpoint(exec, row);
  return row;
}

function fromJournal(w: JournalRow["waitpoint"] | undefined): JournaledWaitpoint | undefined {
  if (!w) return undefined;
  return {
    ...w,
    complete_after: w.complete_after === null ? null : new Date(w.complete_after),
    completed_at: w.completed_at === null ? null : new Date(w.completed_at),
  };
}
