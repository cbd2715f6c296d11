// What the demo and the simulator need from the embedded engine's time, in one place: the next
// moment something is due, and setting a fresh demo's clock back to the start of its story.
// Through the engine's public API, except the stored offset, which is read before the engine
// (and its state API) is started.
import type { EngineState } from "../engine/index.js";

/** The next moment something becomes due in the engine: a wait, a token timeout, a delayed or retrying run. */
export async function nextEvent(state: EngineState, now: Date): Promise<number> {
  return (await state.nextDueAt(now))?.getTime() ?? Number.POSITIVE_INFINITY;
}

/** Puts the demo clock `ms` behind the wall clock, for a demo database on which nothing has run yet. */
export async function setClockBehind(
  engine: { clock: { startBehind(ms: number): Promise<void> } },
  ms: number,
) {
  await engine.clock.startBehind(ms);
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
