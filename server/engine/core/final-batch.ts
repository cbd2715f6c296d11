import type { TaskRunError } from "@trigger.dev/core/v3";
import type pg from "pg";
import { logger } from "../../lib/logger.js";
import type { RunRow } from "./db.js";
import { groupCommit } from "./group-commit.js";
import { OPEN_BLOCKERS_OF_RUN } from "./waitpoints.js";

// Group commit (group-commit.ts) of runs' last attempts: attempts of one process that end at about
// the same time are written by ONE autocommit statement (runs + attempts rows), instead of a
// transaction each (BEGIN, update, COMMIT: three round trips per run).
//
// Only the common case goes here: the lease is still ours and nobody waits on the run or its
// batch (no open RUN/BATCH waitpoint). A run that someone waits on, or whose lease was lost, is
// not written by the batch and its caller takes the transactional path (outcome.ts), which
// completes the waitpoints in the same transaction. A waitpoint created after the check below is
// a blocker on an already finished run, which `blockRun` (waitpoints.ts) settles when the waiter
// suspends (as before).

export interface FinalWrite {
  run: RunRow;
  /** The lease we hold (the engine's worker id): a run leased by anyone else is not written. */
  workerId: string;
  attempt: number;
  status: string;
  attemptStatus: string;
  output: string | null;
  outputType: string | null;
  error: TaskRunError | null;
  now: Date;
}

/** Most rows per statement (bounds the statement's size; more wait for the next one). */
const MAX_BATCH = 500;

const STATEMENT = `
  WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::jsonb[], $10::timestamptz[])
      AS v(id, lease_owner, execution_count, attempt, status, attempt_status, output, output_type, error, at)),
  r AS (
    UPDATE trigger_engine.runs r SET status = v.status, output = v.output, output_type = v.output_type,
      error = v.error, completed_at = v.at, updated_at = v.at, available_at = NULL, lease_owner = NULL,
      lease_expires_at = NULL
    FROM v
    WHERE r.id = v.id AND r.status = 'EXECUTING' AND r.lease_owner = v.lease_owner AND r.execution_count = v.execution_count
      AND NOT EXISTS (${OPEN_BLOCKERS_OF_RUN})
    RETURNING r.id),
  a AS (
    UPDATE trigger_engine.attempts a SET status = v.attempt_status, error = v.error, completed_at = v.at
    FROM v WHERE a.run_id = v.id AND a.number = v.attempt AND v.id IN (SELECT id FROM r))
  SELECT id FROM r`;

const writeBatch = groupCommit<FinalWrite, boolean>(MAX_BATCH, async (pool, batch) => {
  try {
    const res = await pool.query<{ id: string }>({
      name: "engine_final_batch",
      text: STATEMENT,
      values: [
        batch.map((p) => p.run.id),
        batch.map((p) => p.workerId),
        batch.map((p) => p.run.execution_count),
        batch.map((p) => p.attempt),
        batch.map((p) => p.status),
        batch.map((p) => p.attemptStatus),
        batch.map((p) => p.output),
        batch.map((p) => p.outputType),
        batch.map((p) => (p.error === null ? null : JSON.stringify(p.error))),
        batch.map((p) => p.now),
      ],
    });
    const written = new Set(res.rows.map((r) => r.id));
    return batch.map((p) => written.has(p.run.id));
  } catch (err) {
    // Nothing of the batch was written (one statement): each run takes the transactional path.
    logger.warn("engine: batched finish failed, finishing one by one", { err: String(err).slice(0, 200) });
    return batch.map(() => false);
  }
});

/**
 * Writes a run's final state in the next group statement. Resolves true when written; false when
 * the caller must take the transactional path (someone waits on the run, the lease was lost, or
 * the statement failed).
 */
export function writeFinal(pool: pg.Pool, w: FinalWrite): Promise<boolean> {
  return writeBatch(pool, w);
}
