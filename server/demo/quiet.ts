import type pg from "pg";
import type { EngineState } from "../engine/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `hint` or `ms`, whichever comes first; the timer is cleared when the hint wins. */
async function untilOr(hint: Promise<void>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([hint, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until nothing is runnable at the current virtual time: no run executing or ready (new,
 * retrying or resumed), no wait or token timeout due but not yet swept, and every inbound text
 * handed on. Only then may the simulation move the clock again. While something is busy it looks
 * again when the engine's worker next goes idle (`idle`, the engine's `whenIdle`), at most a second
 * later; without that hint it polls, slower while much is busy.
 */
export async function waitForQuiet(opts: {
  pool: pg.Pool;
  engine: EngineState;
  now: () => Date;
  idle?: () => Promise<void>;
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
    if (busy === 0) await sleep(15);
    // Runs executing here end in the worker going idle; what the worker does not do (a due wait
    // not swept yet, a text still being stored) is looked at again a few milliseconds later.
    else if (opts.idle) await Promise.all([untilOr(opts.idle(), 1_000), sleep(5)]);
    else await sleep(Math.min(200, 10 + busy));
  }
}
