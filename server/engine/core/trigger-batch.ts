import type pg from "pg";
import { logger } from "../../lib/logger.js";
import type { RunRow } from "./db.js";
import { groupCommit } from "./group-commit.js";

// Group insert (group-commit.ts) of plain triggers (no idempotency key, debounce, parent or
// batch: see `isPlainTrigger`): triggers that arrive while an insert is on the wire are written
// together by the next statement, one multi-row INSERT, instead of one statement (and one commit)
// each. Each row is its own run, nothing else in the statement, so grouping changes no outcome; a
// statement that fails is retried row by row, so an error reaches only the request it belongs to.

/** The columns of a new run, in the order of the values `newRunValues` builds (trigger.ts). */
export const RUN_COLUMNS = `id, friendly_id, task_identifier, status, payload, payload_type, metadata, tags,
  idempotency_key, idempotency_key_user, idempotency_key_scope, idempotency_key_expires_at, queue, concurrency_key,
  priority_ms, delay_until, ttl, expires_at, available_at, max_attempts, max_duration_s, parent_run_id, root_run_id,
  depth, resume_parent_on_completion, trigger_function, batch_id, batch_index, is_test, created_at, updated_at,
  debounce_key`;
const RUN_COLUMN_COUNT = 32;

/** `($1,...,$32),($33,...)`: placeholders for `rows` new runs. */
function runPlaceholders(rows: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cols: string[] = [];
    for (let c = 1; c <= RUN_COLUMN_COUNT; c++) cols.push(`$${r * RUN_COLUMN_COUNT + c}`);
    out.push(`(${cols.join(",")})`);
  }
  return out.join(",");
}

/** A run the idempotency key's unique index already holds is skipped, not an error. */
export const SKIP_TAKEN_KEY =
  "ON CONFLICT (task_identifier, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

/** The one INSERT of new runs every trigger path uses: `rows` rows of values, then `tail`. */
export function insertRunsSql(rows: number, tail: string): string {
  return `INSERT INTO trigger_engine.runs (${RUN_COLUMNS}) VALUES ${runPlaceholders(rows)} ${tail}`;
}

/** Rows per statement (Postgres allows 65,535 parameters: 2,047 rows of 32). */
const MAX_ROWS = 200;

/** Small groups (an idle or lightly loaded engine) use prepared statements: no parse and plan each time. */
const MAX_PREPARED_ROWS = 8;

/** What a trigger answers with; the rest of the row is not read back (parsing it costs per run). */
export type InsertedRun = Pick<RunRow, "id" | "friendly_id">;

const insertRows = (pool: pg.Pool, rows: unknown[][]) => {
  const text = insertRunsSql(rows.length, "RETURNING id, friendly_id");
  return pool.query<InsertedRun>(
    rows.length <= MAX_PREPARED_ROWS
      ? { name: `engine_insert_runs_${rows.length}`, text, values: rows.flat() }
      : { text, values: rows.flat() },
  );
};

const insertBatch = groupCommit<unknown[], InsertedRun>(MAX_ROWS, async (pool, batch) => {
  try {
    const res = await insertRows(pool, batch);
    const byId = new Map(res.rows.map((r) => [r.id, r]));
    return batch.map(
      (values) => byId.get(values[0] as string) ?? new Error("engine: a grouped insert returned no row"),
    );
  } catch (err) {
    if (batch.length === 1) throw err;
    logger.warn("engine: grouped trigger insert failed, inserting one by one", {
      err: String(err).slice(0, 200),
    });
    // One statement each: only the faulty row's request gets the error.
    const results: Array<InsertedRun | Error> = [];
    for (const values of batch) {
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

/** Inserts one new run (its values in `RUN_COLUMNS` order) in the next group statement. */
export function insertRunGrouped(pool: pg.Pool, values: unknown[]): Promise<InsertedRun> {
  return insertBatch(pool, values);
}
