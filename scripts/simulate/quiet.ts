import type pg from "pg";
import type { Db } from "../../server/db/client.js";

/**
 * Waits until nothing is runnable at the current virtual time: no queued or executing runs that are
 * due, and every inbound text handed on. Only then may the simulation move the clock again.
 */
export async function waitForQuiet(opts: { db: Db; pool: pg.Pool; now: () => Date; timeoutMs?: number }) {
  const started = performance.now();
  let calm = 0;
  while (calm < 2) {
    const busy = await opts.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM trigger_engine.runs
        WHERE status IN ('PENDING', 'DEQUEUED', 'EXECUTING', 'RETRYING_AFTER_FAILURE')
          AND (available_at IS NULL OR available_at <= $1)`,
      [opts.now()],
    );
    const pendingInbound = await opts.db.message.count({
      where: { direction: "INBOUND", processedAt: null },
    });
    calm = Number(busy.rows[0]?.n ?? 0) === 0 && pendingInbound === 0 ? calm + 1 : 0;
    if (performance.now() - started > (opts.timeoutMs ?? 120_000))
      throw new Error("the system did not settle in time");
    await new Promise((r) => setTimeout(r, calm > 0 ? 15 : 10));
  }
}
