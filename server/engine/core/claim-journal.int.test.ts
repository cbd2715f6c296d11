import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineTables } from "../engine-test-kit.js";
import type { EngineCore } from "./core.js";
import { dequeue } from "./dequeue.js";
import { QueueSettings } from "./queue-settings.js";

// A run leased again (after a restart, or parked out of memory) replays from the journal its claim
// returns. The claim of unlimited queues is one statement: its pick (`pick_ready`, a VOLATILE
// function) reads the runs with a snapshot taken when the pick runs, later than the statement's
// own. The journal must be read at least as late as the pick, or a run that wrote a journal entry
// and became ready again in between is leased with a journal missing that entry, and its replay
// repeats the step. Here the window is held open: `pick_ready` first waits on an advisory lock that
// another connection holds while it writes the entry and makes the run ready.

let tables: Awaited<ReturnType<typeof engineTables>>;
let pool: pg.Pool;
const now = new Date("2026-01-01T01:00:00Z");
const GATE = 4242;

beforeAll(async () => {
  tables = await engineTables({ max: 3 });
  pool = tables.pool;
  const def = await pool.query<{ def: string }>(
    "SELECT pg_get_functiondef('trigger_engine.pick_ready'::regproc) AS def",
  );
  const gated = def.rows[0]!.def.replace(
    "AS $function$",
    `AS $function$ SELECT pg_advisory_xact_lock(${GATE});`,
  );
  expect(gated).not.toBe(def.rows[0]!.def);
  await pool.query(gated);
});
afterAll(async () => tables?.close());

async function waitUntilBlockedOnGate(c: pg.PoolClient) {
  for (let i = 0; i < 200; i++) {
    const res = await c.query(
      "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted",
      [GATE],
    );
    if (res.rowCount) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the claim never reached the gate");
}

describe("claim of an unlimited queue: the journal is read after the pick", () => {
  it("a run that journals a step and becomes ready while the claim is under way is leased with that step", async () => {
    // Run R executes its first attempt elsewhere and has journaled one trigger.
    await pool.query(
      `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, attempt_number,
         execution_count, lease_owner, created_at, updated_at)
       VALUES ('R', 'run_R', 'bench.echo', 'EXECUTING', 'default', 1, 1, 'other-worker', $1, $1)`,
      [now],
    );
    await pool.query(
      "INSERT INTO trigger_engine.replay_journal (run_id, attempt, kind, ordinal, result) VALUES ('R', 1, 'trigger', 1, 'run_child1')",
    );
    const other = await pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock($1)", [GATE]);
      const core = {
        pool,
        clock: { now: () => now },
        project: { queueLimits: new Map(), concurrencyLimits: new Map() },
        queues: new QueueSettings(new Map()),
        workerId: "this-worker",
      } as unknown as EngineCore;
      // The claim's statement starts (R is still executing) and waits inside the pick.
      const claim = dequeue(core, 10);
      await waitUntilBlockedOnGate(other);
      // Meanwhile R journals a second trigger and parks on a wait that completes at once.
      await other.query(
        "INSERT INTO trigger_engine.replay_journal (run_id, attempt, kind, ordinal, result) VALUES ('R', 1, 'trigger', 2, 'run_child2')",
      );
      await other.query(
        "UPDATE trigger_engine.runs SET status = 'WAITING_TO_RESUME', available_at = $1, lease_owner = NULL WHERE id = 'R'",
        [now],
      );
      await other.query("COMMIT");
      const leased = await claim;

      expect(leased.map((r) => [r.id, r.status, r.execution_count])).toEqual([["R", "EXECUTING", 2]]);
      const journal = leased[0]?.journal ?? [];
      expect(journal.map((j) => [j.kind, j.ordinal, j.result]).sort()).toEqual([
        ["trigger", 1, "run_child1"],
        ["trigger", 2, "run_child2"],
      ]);
    } finally {
      other.release();
    }
  });
});
