import type pg from "pg";
import type { EngineState } from "../engine/index.js";

/**
 * Waits until nothing is runnable at the current virtual time: no run executing or ready (new,
 * retrying or resumed), no wait or token timeout due but not yet swept, and every inbound text
 * handed on. Only then may the simulation move the clock again. Polls slower while much is busy.
 */
export async function waitForQuiet(opts: {
  pool: pg.Pool;
  engine: EngineState;
  now: () => Date;
  timeoutMs?: number;
}) {
  const started = performance.now();
  let calm = 0;
  for (;;) {
    const [engineBusy, inbound] = await Promise.all([
      opts.engine.pendingWork(opts.now()),
      opts.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Message" WHERE direction = 'INBOUND' AND "processedAt" IS NULL`,
      ),
    ]);
    const busy = engineBusy + Number(inbound.rows[0]?.n ?? 0);
    calm = busy === 0 ? calm + 1 : 0;
    // Quiet twice in a row, 15 ms apart: done (no sleep after the second look).
    if (calm === 2) return;
    if (performance.now() - started > (opts.timeoutMs ?? 300_000))
      throw new Error("the system did not settle in time");
    await new Promise((r) => setTimeout(r, busy === 0 ? 15 : Math.min(200, 10 + busy)));
  }
}
