import pg from "pg";
import { statementNamer } from "../../lib/statement-names.js";

export type Queryable = pg.Pool | pg.PoolClient;

/** How many distinct statement texts are prepared at most (per process, so per connection too). */
export const MAX_PREPARED = 300;

/**
 * The name a parameterized text is prepared under, from its second use on (`statementNamer`).
 * Parking 10,000 runs on `wait.for` took 28-33 s of Postgres CPU with every statement parsed and
 * planned, 22-24 s prepared.
 */
export const preparedName = statementNamer("engine", MAX_PREPARED);

/** A client that sends `query(text, values)` as a prepared statement once the text recurs. */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query's overloads, passed on unchanged
  override query(...args: any[]): any {
    const [text, values, callback] = args;
    const name = typeof text === "string" && Array.isArray(values) ? preparedName(text) : undefined;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    if (name) return (super.query as any)({ name, text, values }, callback);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return (super.query as any)(...args);
  }
}

// Keep bigint sequence values and timestamps as the driver gives them; ints stay numbers.
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparingClient });
  // An idle client losing its connection (DB restart) must not crash the engine.
  pool.on("error", () => {});
  return pool;
}

/**
 * `column = ANY($n)` for a list of ids, `column = $n::text` for one (the usual token, duration or
 * child run): with an array parameter the generic plan assumes ten ids and costs itself above any
 * custom plan, so Postgres never keeps it and plans the statement again on every call (0.1-0.7 ms
 * of its CPU for the engine's park and its blockers' statements). `value` is what `$n` is bound to.
 */
export function idIn(
  column: string,
  param: string,
  ids: readonly string[],
): { sql: string; value: string | readonly string[] } {
  return ids.length === 1
    ? { sql: `${column} = ${param}::text`, value: ids[0]! }
    : { sql: `${column} = ANY(${param})`, value: ids };
}

export async function inTx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A trigger's payload as `runs.payload` stores it: the SDK's serialized string as sent, else JSON. */
export function payloadText(payload: unknown): string | null {
  if (typeof payload === "string") return payload;
  return payload === undefined ? null : JSON.stringify(payload);
}

export const FINAL_STATUSES = [
  "COMPLETED_SUCCESSFULLY",
  "COMPLETED_WITH_ERRORS",
  "CANCELED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "EXPIRED",
  "TIMED_OUT",
] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export const isFinal = (status: string): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

export interface RunRow {
  id: string;
  friendly_id: string;
  number: number;
  task_identifier: string;
  status: string;
  payload: string | null;
  payload_type: string;
  output: string | null;
  output_type: string | null;
  error: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  tags: string[];
  idempotency_key: string | null;
  idempotency_key_user: string | null;
  idempotency_key_scope: string | null;
  idempotency_key_expires_at: Date | null;
  queue: string;
  concurrency_key: string | null;
  /** Named concurrency limits the run holds while it executes (concurrency.ts). */
  limits: string[] | null;
  priority_ms: number;
  delay_until: Date | null;
  ttl: string | null;
  expires_at: Date | null;
  debounce_key: string | null;
  available_at: Date | null;
  attempt_number: number;
  max_attempts: number | null;
  max_duration_s: number | null;
  parent_run_id: string | null;
  root_run_id: string | null;
  depth: number;
  resume_parent_on_completion: boolean;
  trigger_function: "trigger" | "triggerAndWait" | "batchTrigger" | "batchTriggerAndWait";
  batch_id: string | null;
  batch_index: number | null;
  is_test: boolean;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  execution_count: number;
  /** Realtime stream keys written so far (streams.ts). */
  realtime_streams: string[];
  seq: string;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  /**
   * Only on a row just leased (dequeue.ts), and only when the run was leased before: the journal
   * of the attempt it executes, as JSON (dates are ISO strings).
   */
  journal?: JournalRow[] | null;
  /**
   * Only on a row just leased (dequeue.ts): the completed token and duration waitpoints the run
   * was parked on, as JSON (dates are ISO strings); null when there were none.
   */
  blockers?: JsonWaitpoint[] | null;
}

/** A waitpoint's completion as a leased row carries it (`RunRow.blockers`). */
export interface JsonWaitpoint {
  id: string;
  completed_at: string;
  output: string | null;
  output_type: string | null;
  output_is_error: boolean;
}

/** A journal row read with a lease; `waitpoint` when the call made one (a wait). */
export interface JournalRow {
  kind: string;
  ordinal: number;
  result: string;
  waitpoint: {
    id: string;
    complete_after: string | null;
    completed_at: string | null;
    output: string | null;
    output_type: string | null;
    output_is_error: boolean;
  } | null;
}

export interface WaitpointRow {
  id: string;
  type: "DATETIME" | "MANUAL" | "RUN" | "BATCH";
  idempotency_key: string | null;
  idempotency_key_expires_at: Date | null;
  complete_after: Date | null;
  timeout_at: Date | null;
  completed_by_run_id: string | null;
  completed_by_batch_id: string | null;
  callback_secret: string | null;
  tags: string[];
  output: string | null;
  output_type: string | null;
  output_is_error: boolean;
  status: "WAITING" | "COMPLETED" | "TIMED_OUT";
  created_at: Date;
  completed_at: Date | null;
}

export async function getRunByFriendlyId(q: Queryable, friendlyId: string): Promise<RunRow | undefined> {
  const res = await q.query<RunRow>("SELECT * FROM trigger_engine.runs WHERE friendly_id = $1", [friendlyId]);
  return res.rows[0];
}

export async function getWaitpoint(q: Queryable, id: string): Promise<WaitpointRow | undefined> {
  const res = await q.query<WaitpointRow>("SELECT * FROM trigger_engine.waitpoints WHERE id = $1", [id]);
  return res.rows[0];
}
