import type pg from "pg";
import { logger } from "../../lib/logger.js";
import type { DirectLease } from "./core.js";
import type { RunRow } from "./db.js";
import { LEASE_SECONDS } from "./dequeue.js";
import { groupCommit } from "./group-commit.js";
import type { QueueSettings } from "./queue-settings.js";

// Group insert (group-commit.ts) of plain triggers (no idempotency key, debounce, parent or
// batch: see `isPlainTrigger`): triggers that arrive while an insert is on the wire are written
// together by the next statement, one multi-row INSERT, instead of one statement (and one commit)
// each. Each row is its own run, nothing else in the statement, so grouping changes no outcome; a
// statement that fails is retried row by row, so an error reaches only the request it belongs to.
// When the dequeue loop is idle and has a slot for every row, the statement also leases the runs
// (what a claim's LEASE does, dequeue.ts) and they start at once: one round trip, no claim.

/** The columns of a new run, in the order of the values `newRunValues` builds (trigger.ts). */
export const RUN_COLUMNS = `id, friendly_id, task_identifier, status, payload, payload_type, metadata, tags,
  idempotency_key, idempotency_key_user, idempotency_key_scope, idempotency_key_expires_at, queue, concurrency_key,
  priority_ms, delay_until, ttl, expires_at, available_at, max_attempts, max_duration_s, parent_run_id, root_run_id,
  depth, resume_parent_on_completion, trigger_function, batch_id, batch_index, is_test, created_at, updated_at,
  debounce_key, limits`;
const RUN_COLUMN_COUNT = 33;

/** `($1,...,$33),($34,...)`: placeholders for `rows` new runs, each row followed by `extra(row)`. */
function runPlaceholders(rows: number, extra: (row: number) => string = () => ""): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cols: string[] = [];
    for (let c = 1; c <= RUN_COLUMN_COUNT; c++) cols.push(`$${r * RUN_COLUMN_COUNT + c}`);
    out.push(`(${cols.join(",")}${extra(r)})`);
  }
  return out.join(",");
}

/** Index of `status`, `queue`, `available_at`, `created_at` and `limits` in a new run's values. */
const STATUS = 3;
const QUEUE = 12;
const AVAILABLE_AT = 18;
const CREATED_AT = 29;
const LIMITS = 32;

/**
 * A new run (its values) ready now in a queue with no limit to count against and not paused,
 * holding no named limit: it may be leased in its insert.
 */
export function mayLeaseInInsert(values: unknown[], queues: QueueSettings): boolean {
  return (
    values[STATUS] === "PENDING" && !queues.holdsBack(values[QUEUE] as string) && values[LIMITS] === null
  );
}

/**
 * New runs inserted already leased by `worker` (its first attempt executing, as a claim leaves it),
 * their attempts recorded; returns the whole rows, which the attempts start from. The two
 * parameters after the rows' are the worker and the lease's seconds.
 */
function insertLeasedSql(rows: number): string {
  const worker = `$${rows * RUN_COLUMN_COUNT + 1}`;
  const secs = `$${rows * RUN_COLUMN_COUNT + 2}`;
  const values = runPlaceholders(
    rows,
    (r) =>
      `, 1, $${r * RUN_COLUMN_COUNT + CREATED_AT + 1}, ${worker}, clock_timestamp() + make_interval(secs => ${secs}), 1`,
  );
  return `WITH ins AS (
      INSERT INTO trigger_engine.runs (${RUN_COLUMNS}, attempt_number, started_at, lease_owner, lease_expires_at,
        execution_count) VALUES ${values} RETURNING *),
    attempts AS (INSERT INTO trigger_engine.attempts (run_id, number, worker_id, status, started_at)
      SELECT id, 1, ${worker}, 'EXECUTING', started_at FROM ins)
    SELECT * FROM ins`;
}

/** A run the idempotency key's unique index already holds is skipped, not an error. */
export const SKIP_TAKEN_KEY =
  "ON CONFLICT (task_identifier, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

/** The one INSERT of new runs every trigger path uses: `rows` rows of values, then `tail`. */
export function insertRunsSql(rows: number, tail: string): string {
  return `INSERT INTO trigger_engine.runs (${RUN_COLUMNS}) VALUES ${runPlaceholders(rows)} ${tail}`;
}

/** Rows per statement (Postgres allows 65,535 parameters: 1,985 rows of 33). */
const MAX_ROWS = 200;

/** Small groups (an idle or lightly loaded engine) use prepared statements: no parse and plan each time. */
const MAX_PREPARED_ROWS = 8;

/**
 * What a trigger answers with (`status` EXECUTING: leased in its insert); the rest of the row is
 * not read back (parsing it costs per run).
 */
export type InsertedRun = Pick<RunRow, "id" | "friendly_id" | "status">;

const insertRows = (pool: pg.Pool, rows: unknown[][]) => {
  const text = insertRunsSql(rows.length, "RETURNING id, friendly_id, status");
  return pool.query<InsertedRun>(
    rows.length <= MAX_PREPARED_ROWS
      ? { name: `engine_insert_runs_${rows.length}`, text, values: rows.flat() }
      : { text, values: rows.flat() },
  );
};

/** A plain trigger's new run; `lease` when it may start at once (ready now, queue without a limit). */
export interface NewRun {
  values: unknown[];
  lease?: DirectLease;
}

/** Leases the whole group in its insert when every run may start at once and the loop has the slots. */
async function insertLeased(pool: pg.Pool, batch: NewRun[]): Promise<RunRow[] | undefined> {
  const lease = batch[0]!.lease;
  if (!lease || batch.some((r) => r.lease !== lease)) return undefined;
  // A claim under way: its outcome decides (a queued run first, else the slots are free).
  await lease.whenSettled();
  if (!lease.reserveDirect(batch.length)) return undefined;
  let rows: RunRow[];
  try {
    const values = batch.flatMap((r) => {
      const v = [...r.values];
      v[STATUS] = "EXECUTING";
      v[AVAILABLE_AT] = null;
      return v;
    });
    const text = insertLeasedSql(batch.length);
    const params = [...values, lease.workerId, LEASE_SECONDS];
    const res = await pool.query<RunRow>(
      batch.length <= MAX_PREPARED_ROWS
        ? { name: `engine_insert_leased_${batch.length}`, text, values: params }
        : { text, values: params },
    );
    rows = res.rows;
  } catch (err) {
    lease.releaseDirect(batch.length);
    throw err;
  }
  lease.launchDirect(batch.length, rows);
  return rows;
}

const valuesOf = (batch: NewRun[]) => batch.map((r) => r.values);

const insertBatch = groupCommit<NewRun, InsertedRun>(MAX_ROWS, async (pool, batch) => {
  try {
    const rows = (await insertLeased(pool, batch)) ?? (await insertRows(pool, valuesOf(batch))).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return batch.map(
      ({ values }) => byId.get(values[0] as string) ?? new Error("engine: a grouped insert returned no row"),
    );
  } catch (err) {
    if (batch.length === 1) throw err;
    logger.warn("engine: grouped trigger insert failed, inserting one by one", {
      err: String(err).slice(0, 200),
    });
    // One statement each: only the faulty row's request gets the error.
    const results: Array<InsertedRun | Error> = [];
    for (const { values } of batch) {
      results.push(
        await insertRows(pool, [values]).then(
          (res) => res.rows[0]!,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        ),
      );
    }
    return results;
  }
});

/** Inserts one new run in the next group statement, leased there when `run.lease` has a slot for it. */
export function insertRunGrouped(pool: pg.Pool, run: NewRun): Promise<InsertedRun> {
  return insertBatch(pool, run);
}
