import type { EngineCore } from "./core.js";
import { inTx } from "./db.js";
import { resumeReadyRuns } from "./waitpoints.js";

/** Due waits completed per transaction by `resumeAllDue`. */
export const RESUME_CHUNK = 1_000;

/**
 * Completes EVERY due DATETIME waitpoint and makes the runs they free dequeuable, set-based, in
 * transactions of `RESUME_CHUNK` (two statements each) rather than the sweep's 500 per batch in
 * waitpoints.ts. After a restart or a clock jump 20,000 are due at once: in one transaction no run
 * could be claimed until all 20,000 were written (about 2 s); in chunks the first runs are claimed
 * and executing while later chunks are written (each commit's NOTIFY wakes the worker).
 * Waitpoints locked by a run that is parking on them right now are skipped (SKIP LOCKED) and picked
 * up by the next pass; the second statement takes a fresh snapshot, so it sees the blocks of any
 * run that parked before we locked.
 */
export async function resumeAllDue(core: EngineCore, chunk = RESUME_CHUNK): Promise<number> {
  const now = core.clock.now();
  let total = 0;
  for (;;) {
    const n = await inTx(core.pool, async (c) => {
      const done = await c.query<{ id: string }>({
        name: "engine_complete_due_waitpoints",
        text: `WITH due AS (
            SELECT id FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after <= $1
            LIMIT $2 FOR UPDATE SKIP LOCKED)
          UPDATE trigger_engine.waitpoints w SET completed_at = $1, status = 'COMPLETED', output = NULL,
            output_type = NULL, output_is_error = false
          FROM due WHERE w.id = due.id RETURNING w.id`,
        values: [now, chunk],
      });
      const ids = done.rows.map((r) => r.id);
      await resumeReadyRuns(c, ids, now);
      return ids.length;
    });
    total += n;
    if (n < chunk) return total;
  }
}
