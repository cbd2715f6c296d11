import type { TaskRunError } from "@trigger.dev/core/v3";
import type pg from "pg";
import { logger } from "../../lib/logger.js";
import type { EngineCore } from "./core.js";
import { FINAL_STATUSES, inTx, type RunRow } from "./db.js";
import { writeFinal } from "./final-batch.js";
import { type MetadataUpdate, topLevelSets, updateRunMetadata } from "./metadata.js";
import {
  blockRun,
  OPEN_BLOCKERS_OF_RUN,
  type OpenBlocker,
  onRunFinished,
  parkRun,
  settleFinishedRunBlockers,
} from "./waitpoints.js";

export type AttemptOutcome =
  | { kind: "succeeded"; output: string | null; outputType: string }
  | { kind: "failed"; error: TaskRunError }
  | { kind: "retry"; error: TaskRunError; at: Date }
  | { kind: "suspended"; waitpointIds: string[] }
  | { kind: "timed_out"; error: TaskRunError }
  | { kind: "canceled" };

/**
 * What a run's end sets, from parameter `$n` on: status, output, output_type, error, then the time
 * (completed and updated); the lease and the queue position are cleared.
 */
const finalColumns = (n: number) =>
  `status = $${n}, output = $${n + 1}, output_type = $${n + 2}, error = $${n + 3}, completed_at = $${n + 4},
   updated_at = $${n + 4}, available_at = NULL, lease_owner = NULL, lease_expires_at = NULL`;

export async function finalizeRun(
  c: pg.PoolClient,
  run: RunRow,
  status: (typeof FINAL_STATUSES)[number],
  now: Date,
  fields: { output?: string | null; outputType?: string | null; error?: TaskRunError | null } = {},
): Promise<void> {
  const res = await c.query<RunRow>(
    `UPDATE trigger_engine.runs SET ${finalColumns(2)} WHERE id = $1 AND NOT (status = ANY($7)) RETURNING *`,
    [
      run.id,
      status,
      fields.output ?? null,
      fields.outputType ?? null,
      fields.error ?? null,
      now,
      FINAL_STATUSES,
    ],
  );
  // A run ends once: finishing an already finished run changes nothing and notifies nobody.
  if (res.rows[0]) await onRunFinished(c, res.rows[0], now);
}

async function applyOutcome(c: pg.PoolClient, run: RunRow, o: AttemptOutcome, now: Date) {
  const final = finalOf(o);
  if (final) return finalizeRun(c, run, final.status, now, final);
  if (o.kind === "retry") {
    await c.query(
      `UPDATE trigger_engine.runs SET status = 'RETRYING_AFTER_FAILURE', error = $2, available_at = $3, updated_at = $4,
         lease_owner = NULL, lease_expires_at = NULL WHERE id = $1`,
      [run.id, o.error, o.at, now],
    );
  }
}

/**
 * Persists an attempt's end. A lost lease (another worker took over, or the run was canceled) drops
 * it. Returns whether it was persisted.
 */
export async function finishAttempt(
  core: EngineCore,
  run: RunRow,
  attempt: number,
  outcome: AttemptOutcome,
  metadata: MetadataUpdate | undefined,
): Promise<boolean> {
  const now = core.clock.now();
  let persisted = false;
  try {
    const final = !metadata ? finalOf(outcome) : undefined;
    // A suspension on tokens and durations is one statement, the metadata's top-level sets merged in
    // it; on runs or batches, or with other metadata operations, the transaction below.
    const sets = metadata && topLevelSets(metadata);
    const parked =
      outcome.kind === "suspended" && (!metadata || sets)
        ? await parkRun(
            core.pool,
            run,
            core.workerId,
            outcome.waitpointIds,
            now,
            { number: attempt, status: "SUSPENDED" },
            sets,
          )
        : undefined;
    if (parked === "parked" || parked === "lost") persisted = parked === "parked";
    else if (final)
      persisted =
        (await writeFinal(core.pool, { run, workerId: core.workerId, attempt, now, ...final })) ||
        (await finishFinal(core, run, attempt, final, now));
    else
      await inTx(core.pool, async (c) => {
        const cur = await c.query<RunRow>("SELECT * FROM trigger_engine.runs WHERE id = $1 FOR UPDATE", [
          run.id,
        ]);
        const row = cur.rows[0];
        // Same lease: same owner and no lease taken since ours (a reaped lease re-taken by us counts up).
        if (
          row?.status !== "EXECUTING" ||
          row.lease_owner !== core.workerId ||
          row.execution_count !== run.execution_count
        )
          return;
        if (metadata) await updateRunMetadata(c, run.friendly_id, metadata, now, row);
        const attemptStatus = finalOf(outcome)?.attemptStatus ?? outcome.kind.toUpperCase();
        if (outcome.kind === "suspended") {
          // The attempt's end is written with the blocks, in blockRun's last statement.
          await blockRun(c, row, outcome.waitpointIds, now, { number: attempt, status: attemptStatus });
        } else {
          await applyOutcome(c, row, outcome, now);
          const error = "error" in outcome ? outcome.error : null;
          await c.query(
            `UPDATE trigger_engine.attempts SET status = $3, error = $4, completed_at = $5 WHERE run_id = $1 AND number = $2`,
            [run.id, attempt, attemptStatus, error, now],
          );
        }
        persisted = true;
      });
  } catch (err) {
    // The lease will expire and another pass re-executes the run; nothing is lost.
    logger.error("engine: could not persist attempt outcome", { runId: run.friendly_id, err: String(err) });
  }
  // No wake here: the freed slot wakes a loop that needs it (worker.ts), and a run this made
  // ready (a parent resumed, a retry) announces itself with its row's NOTIFY.
  return persisted;
}

type FinalOutcome = {
  status: (typeof FINAL_STATUSES)[number];
  attemptStatus: string;
  output: string | null;
  outputType: string | null;
  error: TaskRunError | null;
};

function finalOf(o: AttemptOutcome): FinalOutcome | undefined {
  const base = { output: null, outputType: null, error: null };
  switch (o.kind) {
    case "succeeded":
      return {
        ...base,
        status: "COMPLETED_SUCCESSFULLY",
        attemptStatus: "SUCCEEDED",
        output: o.output,
        outputType: o.outputType,
      };
    case "failed":
      return { ...base, status: "COMPLETED_WITH_ERRORS", attemptStatus: "FAILED", error: o.error };
    case "timed_out":
      return { ...base, status: "TIMED_OUT", attemptStatus: "TIMED_OUT", error: o.error };
    case "canceled":
      return {
        ...base,
        status: "CANCELED",
        attemptStatus: "CANCELED",
        error: { type: "INTERNAL_ERROR", code: "TASK_RUN_CANCELLED" },
      };
    default:
      return undefined;
  }
}

/**
 * A run's last attempt ended (no metadata to merge) and the group write (final-batch.ts) did not
 * take it: someone waits on the run or its batch, or the lease was lost. The lease check, the run's final state, the
 * attempt row and the look for blockers waiting on the run or its batch in one statement, so a
 * finish costs three round trips (with BEGIN/COMMIT) instead of eight. Same rules as the general
 * path: a lost lease (other owner, or a lease taken since ours) changes nothing.
 */
async function finishFinal(
  core: EngineCore,
  run: RunRow,
  attempt: number,
  f: FinalOutcome,
  now: Date,
): Promise<boolean> {
  return inTx(core.pool, async (c) => {
    const res = await c.query<RunRow & { open_blockers: OpenBlocker[] | null }>(
      `WITH r AS (
         UPDATE trigger_engine.runs SET ${finalColumns(4)}
         WHERE id = $1 AND status = 'EXECUTING' AND lease_owner = $2 AND execution_count = $3 RETURNING *),
       a AS (
         UPDATE trigger_engine.attempts SET status = $10, error = $7, completed_at = $8
         WHERE run_id = $1 AND number = $9 AND EXISTS (SELECT 1 FROM r))
       SELECT r.*, (SELECT json_agg(json_build_object('id', b.id, 'type', b.type, 'batch', b.batch))
                    FROM (${OPEN_BLOCKERS_OF_RUN}) b) AS open_blockers
       FROM r`,
      [
        run.id,
        core.workerId,
        run.execution_count,
        f.status,
        f.output,
        f.outputType,
        f.error,
        now,
        attempt,
        f.attemptStatus,
      ],
    );
    const row = res.rows[0];
    if (!row) return false;
    if (row.open_blockers) await settleFinishedRunBlockers(c, row, now, row.open_blockers);
    return true;
  });
}
