import type pg from "pg";
import { logger } from "../lib/logger.js";
import type { EngineCore } from "./core.js";
import { inTx, type RunRow } from "./db.js";
import { completeWaitpoints, onRunFinished } from "./waitpoints.js";

/** A succeeded attempt waiting to be written with others. */
interface Pending {
  run: RunRow;
  attempt: number;
  output: string | null;
  outputType: string;
  fallback: () => Promise<void>;
  done: () => void;
}

const MAX_BATCH = 500;

/**
 * Writes many succeeded attempts in one transaction (graphile-worker batches completions the same
 * way): one UPDATE for the runs, one for the attempts, one lookup of the waitpoints they complete.
 * Only runs still EXECUTING under this worker's lease are completed (a lost lease drops the
 * outcome, as in `finishAttempt`). There is no added delay: while one batch is being written the
 * next one gathers. A batch that fails (e.g. a deadlock with a heartbeat) is written run by run
 * through the ordinary path, so a completion is never lost to batching.
 */
class CompletionBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly core: EngineCore) {}

  add(p: Omit<Pending, "done">): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ ...p, done });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH).sort((a, b) => (a.run.id < b.run.id ? -1 : 1));
      try {
        await inTx(this.core.pool, (c) => writeSucceeded(c, this.core, batch));
      } catch (err) {
        logger.warn("engine: batched completion failed, writing one by one", { err: String(err) });
        for (const p of batch) await p.fallback();
      }
      for (const p of batch) p.done();
      this.core.wake();
    }
    this.flushing = false;
  }
}

async function writeSucceeded(c: pg.PoolClient, core: EngineCore, batch: Pending[]): Promise<void> {
  const now = core.clock.now();
  // Row locks in id order, so two writers of overlapping sets wait for each other instead of deadlocking.
  await c.query({
    name: "engine_complete_lock",
    text: "SELECT id FROM trigger_engine.runs WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    values: [batch.map((p) => p.run.id)],
  });
  const done = await c.query<RunRow>({
    name: "engine_complete_succeeded",
    text: `WITH v AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS v(id, attempt, output, output_type)),
      done AS (
        UPDATE trigger_engine.runs r SET status = 'COMPLETED_SUCCESSFULLY', output = v.output, output_type = v.output_type,
          error = NULL, completed_at = $5, updated_at = $5, available_at = NULL, lease_owner = NULL, lease_expires_at = NULL
        FROM v WHERE r.id = v.id AND r.status = 'EXECUTING' AND r.lease_owner = $6 RETURNING r.*),
      attempts AS (
        UPDATE trigger_engine.attempts a SET status = 'SUCCEEDED', error = NULL, completed_at = $5
        FROM v WHERE a.run_id = v.id AND a.number = v.attempt AND v.id IN (SELECT id FROM done))
      SELECT * FROM done`,
    values: [
      batch.map((p) => p.run.id),
      batch.map((p) => p.attempt),
      batch.map((p) => p.output),
      batch.map((p) => p.outputType),
      now,
      core.workerId,
    ],
  });
  const finished = done.rows;
  // Waitpoints of finished runs (a parent's triggerAndWait, a lazily created RUN blocker).
  const wps = await c.query<{ id: string }>({
    name: "engine_complete_run_waitpoints",
    text: "SELECT id FROM trigger_engine.waitpoints WHERE completed_by_run_id = ANY($1) AND completed_at IS NULL",
    values: [finished.map((r) => r.friendly_id)],
  });
  await completeWaitpoints(
    c,
    wps.rows.map((r) => r.id),
    now,
  );
  // Batch members count their siblings under the batch row lock, one by one, as before.
  const inBatches = finished.filter((r) => r.batch_id).sort((a, b) => (a.batch_id! < b.batch_id! ? -1 : 1));
  for (const run of inBatches) await onRunFinished(c, run, now);
}

const batchers = new WeakMap<EngineCore, CompletionBatcher>();

export function completeSucceededBatched(core: EngineCore, p: Omit<Pending, "done">): Promise<void> {
  let b = batchers.get(core);
  if (!b) {
    b = new CompletionBatcher(core);
    batchers.set(core, b);
  }
  return b.add(p);
}
