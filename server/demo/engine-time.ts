// What the demo and the simulator need from the embedded engine's time, in one place: the next
// moment something is due, and setting a fresh demo's clock back to the start of its story.
// These read and write the engine's own tables (trigger_engine.*) until the engine offers a
// documented API for them.
import type pg from "pg";

/** The next moment something becomes due in the engine: a wait, a token timeout, a delayed or retrying run. */
export async function nextEvent(pool: pg.Pool, now: Date): Promise<number> {
  const res = await pool.query<{ at: Date | null }>(
    `SELECT least(
       (SELECT min(complete_after) FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after > $1),
       (SELECT min(timeout_at) FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND timeout_at > $1),
       (SELECT min(available_at) FROM trigger_engine.runs WHERE available_at > $1)) AS at`,
    [now],
  );
  return res.rows[0]?.at?.getTime() ?? Number.POSITIVE_INFINITY;
}

/**
 * Puts the demo clock `ms` behind the wall clock. Only for a demo database on which nothing has
 * run yet: the clock otherwise only moves forward. `advance(0)` makes the engine (and this
 * process's Date) take the stored offset at once.
 */
export async function setClockBehind(
  engine: { pool: pg.Pool; clock: { advance(ms: number): Promise<void> } },
  ms: number,
): Promise<void> {
  await engine.pool.query("UPDATE trigger_engine.clock SET offset_ms = $1 WHERE id = 1", [-Math.round(ms)]);
  await engine.clock.advance(0);
}

/** The demo clock's offset as the engine stored it; 0 before the engine ever ran on this database. */
export async function storedClockOffset(db: {
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}): Promise<number> {
  const rows = await db.$queryRaw<{ offset: bigint | null }[]>`
    SELECT CASE WHEN to_regclass('trigger_engine.clock') IS NULL THEN NULL
      ELSE (SELECT offset_ms FROM trigger_engine.clock WHERE id = 1) END AS offset`;
  return Number(rows[0]?.offset ?? 0);
}
