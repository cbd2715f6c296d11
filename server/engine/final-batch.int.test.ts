import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRow } from "./core/db.js";
import { writeFinal } from "./core/final-batch.js";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// The group write of runs' final states (core/final-batch.ts): many finishes in one statement,
// but only where the lease is still ours and nobody waits on the run; the rest must be left to
// the transactional path (which completes the waitpoints in the same transaction).
let h: EngineHarness;
let rows: RunRow[];
const WORKER = "w-final-batch";

beforeAll(async () => {
  h = await startHarness();
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await tasks.trigger("fixture.park", {})).id);
  for (const id of ids) await waitForRun(id, { status: "WAITING" });
  // The engine stops: the test alone leases these runs from here on.
  await h.engine.stop();
  const res = await h.pool.query<RunRow>(
    `UPDATE trigger_engine.runs SET status = 'EXECUTING', lease_owner = $2
     WHERE friendly_id = ANY($1) RETURNING *`,
    [ids, WORKER],
  );
  rows = res.rows.sort((a, b) => ids.indexOf(a.friendly_id) - ids.indexOf(b.friendly_id));
}, 60_000);
afterAll(async () => {
  // The engine was stopped in beforeAll (stop() is not meant to run twice).
  await h?.pool.end();
  await h?.db.drop();
});

const finish = (run: RunRow, workerId = WORKER, output = `"${run.friendly_id}"`) =>
  writeFinal(h.pool, {
    run,
    workerId,
    attempt: run.attempt_number,
    status: "COMPLETED_SUCCESSFULLY",
    attemptStatus: "SUCCEEDED",
    output,
    outputType: "application/json",
    error: null,
    now: new Date(),
  });

describe("group write of final states", () => {
  it("writes runs finishing together; leaves a lost lease and a run someone waits on untouched", async () => {
    const [lostLease, waitedOn, ...free] = rows as [RunRow, RunRow, ...RunRow[]];
    await h.pool.query(
      "INSERT INTO trigger_engine.waitpoints (id, type, completed_by_run_id, created_at) VALUES ('waitpoint_fb', 'RUN', $1, now())",
      [waitedOn.friendly_id],
    );
    const results = await Promise.all([
      finish(lostLease, "w-someone-else"),
      finish(waitedOn),
      ...free.map((r) => finish(r)),
    ]);
    expect(results).toEqual([false, false, ...free.map(() => true)]);

    const after = await h.pool.query<{
      friendly_id: string;
      status: string;
      output: string | null;
      a: string;
    }>(
      `SELECT r.friendly_id, r.status, r.output, a.status AS a FROM trigger_engine.runs r
       JOIN trigger_engine.attempts a ON a.run_id = r.id AND a.number = r.attempt_number
       WHERE r.friendly_id = ANY($1)`,
      [rows.map((r) => r.friendly_id)],
    );
    const by = new Map(after.rows.map((r) => [r.friendly_id, r]));
    for (const r of free) {
      expect(by.get(r.friendly_id)).toEqual({
        friendly_id: r.friendly_id,
        status: "COMPLETED_SUCCESSFULLY",
        output: `"${r.friendly_id}"`,
        a: "SUCCEEDED",
      });
    }
    for (const r of [lostLease, waitedOn]) {
      expect(by.get(r.friendly_id)?.status).toBe("EXECUTING");
      expect(by.get(r.friendly_id)?.a).not.toBe("SUCCEEDED");
    }
  });

  it("a finished run is not finished twice (the second write is refused)", async () => {
    const run = rows.at(-1)!;
    expect(await finish(run, WORKER, '"again"')).toBe(false);
    const res = await h.pool.query("SELECT output FROM trigger_engine.runs WHERE id = $1", [run.id]);
    expect(res.rows[0].output).toBe(`"${run.friendly_id}"`);
  });
});
