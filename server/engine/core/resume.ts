import type { EngineCore } from "./core.js";
import { inTx } from "./db.js";
import { resumeReadyRuns } from "./waitpoints.js";

/**
 * Completes EVERY due DATETIME waitpoint and makes the runs they free dequeuable: two statements in
 * one transaction however many are due (after a restart or a clock jump, 20,000 at once), where
 * the sweep in waitpoints.ts takes 500 per transaction. Waitpoints locked by a run that is parking
 * on them right now are skipped (SKIP LOCKED) and picked up by the next pass; the second statement
 * takes a fresh snapshot, so it sees the blocks of any run that parked before we locked.
 */
export async function resumeAllDue(core: EngineCore): Promise<number> {
  const now = core.clock.now();
  return inTx(core.pool, async (c) => {
    const done = await c.query<{ id: string }>({
      name: "engine_complete_due_waitpoints",
      text: `WITH due AS (
          SELECT id FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after <= $1
          FOR UPDATE SKIP LOCKED)
        UPDATE trigger_engine.waitpoints w SET completed_at = $1, status = 'COMPLETED', output = NULL,
          output_type = NULL, output_is_error = false
        FROM due WHERE w.id = due.id RETURNING w.id`,
      values: [now],
    });
    const ids = done.rows.map((r) => r.id);
    await resumeReadyRuns(c, ids, now);
    return ids.length;
  });
}
