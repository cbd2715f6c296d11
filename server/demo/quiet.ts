import type pg from "pg";

/**
 * Waits until nothing is runnable at the current virtual time: no run executing or ready (new,
 * retrying or resumed), no wait or token timeout due but not yet swept, and every inbound text
 * handed on. Only then may the simulation move the clock again. Polls slower while much is busy.
 */
export async function waitForQuiet(opts: { pool: pg.Pool; now: () => Date; timeoutMs?: number }) {
  const started = performance.now();
  let calm = 0;
  while (calm < 2) {
    const res = await opts.pool.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM trigger_engine.runs
                WHERE status IN ('DEQUEUED', 'EXECUTING')
                   OR (status IN ('PENDING', 'DELAYED', 'RETRYING_AFTER_FAILURE', 'WAITING_TO_RESUME')
                       AND available_at <= $1))
            + (SELECT count(*) FROM trigger_engine.waitpoints
                WHERE completed_at IS NULL AND (complete_after <= $1 OR timeout_at <= $1))
            + (SELECT count(*) FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL) AS n`,
      [opts.now()],
    );
    const busy = Number(res.rows[0]?.n ?? 0);
    calm = busy === 0 ? calm + 1 : 0;
    if (performance.now() - started > (opts.timeoutMs ?? 300_000))
      throw new Error("the system did not settle in time");
    await new Promise((r) => setTimeout(r, busy === 0 ? 15 : Math.min(200, 10 + busy)));
  }
}
