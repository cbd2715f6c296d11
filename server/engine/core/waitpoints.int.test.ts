import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineTables } from "../engine-test-kit.js";
import type { EngineCore } from "./core.js";
import type { RunRow } from "./db.js";
import { dequeue } from "./dequeue.js";
import { finishAttempt } from "./outcome.js";
import { QueueSettings } from "./queue-settings.js";
import { resumeAllDue } from "./resume.js";
import {
  blockRun,
  completeFinishedTargets,
  completeToken,
  FINISHED_TARGET_WINDOW_S,
  parkRun,
} from "./waitpoints.js";

let tables: Awaited<ReturnType<typeof engineTables>>;
let pool: pg.Pool;
const now = new Date("2026-03-01T12:00:00Z");

async function run(id: string, status: string): Promise<RunRow> {
  const res = await pool.query<RunRow>(
    `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, attempt_number, created_at, updated_at,
       lease_owner)
     VALUES ($1, $1, 'fixture.parent', $2, 'default', 1, $3, $3, CASE WHEN $2 = 'EXECUTING' THEN 'w1' END) RETURNING *`,
    [id, status, now],
  );
  await pool.query(
    "INSERT INTO trigger_engine.attempts (run_id, number, worker_id, status, started_at) VALUES ($1, 1, 'w1', 'EXECUTING', $2)",
    [id, now],
  );
  return res.rows[0]!;
}

async function waitpoint(id: string, fields: Record<string, unknown>): Promise<void> {
  const cols = ["id", "created_at", ...Object.keys(fields)];
  await pool.query(
    `INSERT INTO trigger_engine.waitpoints (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`,
    [id, now, ...Object.values(fields)],
  );
}

async function suspend(r: RunRow, waitpointIds: string[]): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await blockRun(c, r, waitpointIds, now, { number: 1, status: "SUSPENDED" });
    await c.query("COMMIT");
  } finally {
    c.release();
  }
}

async function state(runId: string) {
  const r = await pool.query<{ status: string; available_at: Date | null; lease_owner: string | null }>(
    "SELECT status, available_at, lease_owner FROM trigger_engine.runs WHERE id = $1",
    [runId],
  );
  const a = await pool.query<{ status: string; completed_at: Date | null }>(
    "SELECT status, completed_at FROM trigger_engine.attempts WHERE run_id = $1 AND number = 1",
    [runId],
  );
  const b = await pool.query<{ waitpoint_id: string }>(
    "SELECT waitpoint_id FROM trigger_engine.run_blocks WHERE run_id = $1 ORDER BY 1",
    [runId],
  );
  return { run: r.rows[0], attempt: a.rows[0], blocks: b.rows.map((x) => x.waitpoint_id) };
}

beforeAll(async () => {
  tables = await engineTables({ max: 2 });
  pool = tables.pool;
});
afterAll(async () => tables?.close());

describe("blockRun: a suspending attempt parks its run on its waitpoints", () => {
  it("an open wait: blocks recorded, the run waits with no queue position, the attempt ends", async () => {
    const r = await run("run_open", "EXECUTING");
    await waitpoint("wp_open_b", { type: "DATETIME", complete_after: new Date(now.getTime() + 3_600_000) });
    await waitpoint("wp_open_a", { type: "MANUAL" });
    await suspend(r, ["wp_open_b", "wp_open_a"]);
    expect(await state("run_open")).toEqual({
      run: { status: "WAITING_TO_RESUME", available_at: null, lease_owner: null },
      attempt: { status: "SUSPENDED", completed_at: now },
      blocks: ["wp_open_a", "wp_open_b"],
    });
  });

  it("waits that already completed: the run is ready at once", async () => {
    const r = await run("run_done", "EXECUTING");
    await waitpoint("wp_done", { type: "MANUAL", completed_at: now, status: "COMPLETED" });
    await suspend(r, ["wp_done"]);
    const s = await state("run_done");
    expect(s.run).toEqual({ status: "WAITING_TO_RESUME", available_at: now, lease_owner: null });
    expect(s.blocks).toEqual(["wp_done"]);
  });

  it("a RUN blocker made after its child finished is completed here, so the parent does not wait forever", async () => {
    const parent = await run("run_parent", "EXECUTING");
    await run("run_child", "COMPLETED_SUCCESSFULLY");
    await run("run_child_open", "EXECUTING");
    await waitpoint("wp_child", { type: "RUN", completed_by_run_id: "run_child" });
    await suspend(parent, ["wp_child"]);
    const wp = await pool.query<{ completed_at: Date | null }>(
      "SELECT completed_at FROM trigger_engine.waitpoints WHERE id = 'wp_child'",
    );
    expect(wp.rows[0]?.completed_at).toEqual(now);
    expect((await state("run_parent")).run?.available_at).toEqual(now);

    // A child still executing leaves its blocker open and the parent waiting.
    const other = await run("run_parent2", "EXECUTING");
    await waitpoint("wp_child_open", { type: "RUN", completed_by_run_id: "run_child_open" });
    await suspend(other, ["wp_child_open", "wp_child"]);
    expect((await state("run_parent2")).run?.available_at).toBeNull();
  });
});

describe("parkRun: a suspension in one statement, with the lease check", () => {
  const park = (r: RunRow, ids: string[], workerId = "w1") =>
    parkRun(pool, r, workerId, ids, now, { number: 1, status: "SUSPENDED" });

  it("parks on open waits and is ready at once when every wait is complete", async () => {
    const r = await run("park_open", "EXECUTING");
    await waitpoint("park_wp_b", { type: "MANUAL" });
    await waitpoint("park_wp_a", { type: "MANUAL", completed_at: now, status: "COMPLETED" });
    expect(await park(r, ["park_wp_b", "park_wp_a", "park_wp_missing"])).toBe("parked");
    expect(await state("park_open")).toEqual({
      run: { status: "WAITING_TO_RESUME", available_at: null, lease_owner: null },
      attempt: { status: "SUSPENDED", completed_at: now },
      blocks: ["park_wp_a", "park_wp_b"],
    });

    const done = await run("park_done", "EXECUTING");
    expect(await park(done, ["park_wp_a"])).toBe("parked");
    expect((await state("park_done")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: now,
      lease_owner: null,
    });
  });

  it("writes nothing when the lease is gone (another owner, a newer lease, or not executing)", async () => {
    await waitpoint("park_wp_lost", { type: "MANUAL" });
    const mine = await run("park_other_owner", "EXECUTING");
    expect(await park(mine, ["park_wp_lost"], "w2")).toBe("lost");
    const stale = await run("park_newer_lease", "EXECUTING");
    await pool.query("UPDATE trigger_engine.runs SET execution_count = execution_count + 1 WHERE id = $1", [
      stale.id,
    ]);
    expect(await park(stale, ["park_wp_lost"])).toBe("lost");
    const canceled = await run("park_canceled", "EXECUTING");
    await pool.query("UPDATE trigger_engine.runs SET status = 'CANCELED' WHERE id = $1", [canceled.id]);
    expect(await park(canceled, ["park_wp_lost"])).toBe("lost");
    for (const id of ["park_other_owner", "park_newer_lease"]) {
      expect(await state(id)).toEqual({
        run: { status: "EXECUTING", available_at: null, lease_owner: "w1" },
        attempt: { status: "EXECUTING", completed_at: null },
        blocks: [],
      });
    }
    expect((await state("park_canceled")).blocks).toEqual([]);
  });

  it("an open RUN blocker: nothing written, the transaction (blockRun) parks it and completes a late one", async () => {
    const parent = await run("park_late_parent", "EXECUTING");
    await run("park_late_child", "COMPLETED_SUCCESSFULLY");
    await waitpoint("park_wp_late", { type: "RUN", completed_by_run_id: "park_late_child" });
    expect(await park(parent, ["park_wp_late"])).toBe("transaction");
    expect((await state("park_late_parent")).run?.status).toBe("EXECUTING");
    await suspend(parent, ["park_wp_late"]);
    expect((await state("park_late_parent")).run?.available_at).toEqual(now);
  });

  it("waits for a completion holding the blocker's lock and then sees it: the run is ready, not stuck", async () => {
    const r = await run("park_race", "EXECUTING");
    await waitpoint("park_wp_race", { type: "MANUAL" });
    const completer = await pool.connect();
    try {
      await completer.query("BEGIN");
      // The completion's own resume pass runs before the park and finds no blocks to free.
      await completer.query(
        "UPDATE trigger_engine.waitpoints SET completed_at = $2, status = 'COMPLETED' WHERE id = $1",
        ["park_wp_race", now],
      );
      const parking = park(r, ["park_wp_race"]);
      await new Promise((res) => setTimeout(res, 200));
      // Still executing: the park waits for the blocker's lock (read on the completer's connection,
      // the pool's two are taken).
      const during = await completer.query<{ status: string }>(
        "SELECT status FROM trigger_engine.runs WHERE id = 'park_race'",
      );
      expect(during.rows[0]?.status).toBe("EXECUTING");
      await completer.query("COMMIT");
      expect(await parking).toBe("parked");
    } finally {
      completer.release();
    }
    expect((await state("park_race")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: now,
      lease_owner: null,
    });
  });
});

describe("the park's statements keep one plan on a connection", () => {
  // Postgres keeps a prepared statement's generic plan only when it costs no more than planning
  // each call; a bound array of ids (costed as ten) never did, so every park was planned again.
  const plans = async (c: pg.PoolClient, text: string) => {
    const res = await c.query<{ generic_plans: string; custom_plans: string }>(
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE $1",
      [`%${text}%`],
    );
    // Summed over every form of the statement on the connection (one id, several ids).
    return res.rows.reduce(
      (t, r) => ({ generic: t.generic + Number(r.generic_plans), custom: t.custom + Number(r.custom_plans) }),
      { generic: 0, custom: 0 },
    );
  };
  // Over 12 calls on one connection (earlier tests may have used it): at most Postgres' first five
  // custom plans, the rest generic. The first use is unnamed (core/db.ts prepares from the second).
  const expectKept = (before: { generic: number; custom: number }, after: typeof before) => {
    expect(after.custom - before.custom).toBeLessThanOrEqual(5);
    expect(after.generic - before.generic).toBeGreaterThanOrEqual(6);
  };

  it("a park on one token, repeated, is planned at most five times", async () => {
    // Statistics of a table in use: on an empty, never analyzed one even the array form kept its plan.
    await pool.query(
      `INSERT INTO trigger_engine.waitpoints (id, type, created_at)
       SELECT 'plan_filler_' || i, 'MANUAL', $1 FROM generate_series(1, 5000) i`,
      [now],
    );
    await pool.query("ANALYZE trigger_engine.waitpoints");
    const c = await pool.connect();
    try {
      const before = await plans(c, "WITH targets AS");
      for (let i = 0; i < 12; i++) {
        const r = await run(`plan_park_${i}`, "EXECUTING");
        await waitpoint(`plan_park_wp_${i}`, { type: "MANUAL" });
        expect(
          await parkRun(c, r, "w1", [`plan_park_wp_${i}`], now, { number: 1, status: "SUSPENDED" }),
        ).toBe("parked");
      }
      expectKept(before, await plans(c, "WITH targets AS"));
    } finally {
      c.release();
    }
  });

  it("a transactional park on one child run: the same", async () => {
    const c = await pool.connect();
    try {
      const before = await plans(c, "AS target_done");
      for (let i = 0; i < 12; i++) {
        const r = await run(`plan_block_${i}`, "EXECUTING");
        await run(`plan_block_child_${i}`, "EXECUTING");
        await waitpoint(`plan_block_wp_${i}`, { type: "RUN", completed_by_run_id: `plan_block_child_${i}` });
        await c.query("BEGIN");
        await blockRun(c, r, [`plan_block_wp_${i}`], now, { number: 1, status: "SUSPENDED" });
        await c.query("COMMIT");
        expect((await state(r.id)).blocks).toEqual([`plan_block_wp_${i}`]);
      }
      expectKept(before, await plans(c, "AS target_done"));
    } finally {
      c.release();
    }
  });
});

describe("completeToken: a token completed and its runs freed in one call", () => {
  const later = new Date(now.getTime() + 60_000);
  const output = { data: '{"messageId":"m1"}', type: "application/json" };
  const token = async (id: string) =>
    (
      await pool.query(
        "SELECT status, completed_at, output, output_type, output_is_error FROM trigger_engine.waitpoints WHERE id = $1",
        [id],
      )
    ).rows[0];

  it("completes the token with its output and frees a run it was the last open blocker of", async () => {
    const r = await run("ct_single", "EXECUTING");
    await waitpoint("ct_wp_single", { type: "MANUAL" });
    await suspend(r, ["ct_wp_single"]);
    expect(await completeToken(pool, "ct_wp_single", later, output)).toBe("completed");
    expect(await token("ct_wp_single")).toEqual({
      status: "COMPLETED",
      completed_at: later,
      output: output.data,
      output_type: output.type,
      output_is_error: false,
    });
    expect((await state("ct_single")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: later,
      lease_owner: null,
    });
  });

  it("leaves a run waiting while another of its blockers is open; the second completion frees it", async () => {
    const r = await run("ct_two", "EXECUTING");
    await waitpoint("ct_wp_two_a", { type: "MANUAL" });
    await waitpoint("ct_wp_two_b", { type: "MANUAL" });
    await suspend(r, ["ct_wp_two_a", "ct_wp_two_b"]);
    expect(await completeToken(pool, "ct_wp_two_a", later, output)).toBe("completed");
    expect((await state("ct_two")).run?.available_at).toBeNull();
    expect(await completeToken(pool, "ct_wp_two_b", later, output)).toBe("completed");
    expect((await state("ct_two")).run?.available_at).toEqual(later);
  });

  it("a completed token is left as it was; an unknown id or another kind of waitpoint is missing", async () => {
    await waitpoint("ct_wp_done", {
      type: "MANUAL",
      completed_at: now,
      status: "COMPLETED",
      output: "first",
    });
    expect(await completeToken(pool, "ct_wp_done", later, output)).toBe("already");
    expect(await token("ct_wp_done")).toMatchObject({ completed_at: now, output: "first" });
    await waitpoint("ct_wp_datetime", { type: "DATETIME", complete_after: later });
    expect(await completeToken(pool, "ct_wp_datetime", later, output)).toBe("missing");
    expect((await token("ct_wp_datetime"))?.completed_at).toBeNull();
    expect(await completeToken(pool, "ct_wp_nowhere", later, output)).toBe("missing");
  });

  it("waits for a park holding the token's lock, then sees its blocks: the run is freed, not stuck", async () => {
    const r = await run("ct_race", "EXECUTING");
    await waitpoint("ct_wp_race", { type: "MANUAL" });
    const parker = await pool.connect();
    try {
      await parker.query("BEGIN");
      await blockRun(parker, r, ["ct_wp_race"], now, { number: 1, status: "SUSPENDED" });
      // The park holds the token's row lock and its blocks are not committed yet.
      const completing = completeToken(pool, "ct_wp_race", later, output);
      await new Promise((res) => setTimeout(res, 200));
      const during = await parker.query<{ completed_at: Date | null }>(
        "SELECT completed_at FROM trigger_engine.waitpoints WHERE id = 'ct_wp_race'",
      );
      expect(during.rows[0]?.completed_at).toBeNull();
      await parker.query("COMMIT");
      expect(await completing).toBe("completed");
    } finally {
      parker.release();
    }
    expect((await state("ct_race")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: later,
      lease_owner: null,
    });
  });
});

describe("a suspension racing its child's final write (with parent metadata)", () => {
  it("no deadlock: the parent waits for the child's write, then parks ready at once", async () => {
    const parent = await run("order_parent", "EXECUTING");
    await run("order_child", "EXECUTING");
    await waitpoint("order_wp", { type: "RUN", completed_by_run_id: "order_child" });
    const core = { pool, workerId: "w1", clock: { now: () => now } } as unknown as EngineCore;
    const child = await pool.connect();
    try {
      // The child's final write: its own row, its parent's metadata, then its blocker.
      await child.query("BEGIN");
      await child.query(
        "UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY' WHERE id = 'order_child'",
      );
      await child.query(
        "UPDATE trigger_engine.runs SET metadata = '{\"from\":\"child\"}' WHERE id = 'order_parent'",
      );
      const parking = finishAttempt(
        core,
        parent,
        1,
        { kind: "suspended", waitpointIds: ["order_wp"] },
        undefined,
      );
      await new Promise((res) => setTimeout(res, 300));
      await child.query(
        "UPDATE trigger_engine.waitpoints SET completed_at = $1, status = 'COMPLETED' WHERE id = 'order_wp'",
        [now],
      );
      await child.query("COMMIT");
      expect(await parking).toBe(true);
    } finally {
      child.release();
    }
    expect((await state("order_parent")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: now,
      lease_owner: null,
    });
  });
});

describe("completeFinishedTargets: the maintenance pass's safety net for a lost completion", () => {
  // A lazily made waitpoint carries Postgres' wall-clock time (runtime-manager.ts createWaitpoint).
  async function lazyWaitpoint(id: string, child: string, agoSeconds = 0): Promise<void> {
    await pool.query(
      `INSERT INTO trigger_engine.waitpoints (id, type, completed_by_run_id, created_at)
       VALUES ($1, 'RUN', $2, now() - make_interval(secs => $3))`,
      [id, child, agoSeconds],
    );
  }

  it("a child whose final write was in flight while its parent parked: the parent is not left waiting", async () => {
    const parent = await run("lost_parent", "EXECUTING");
    await run("lost_child", "EXECUTING");
    const child = await pool.connect();
    try {
      // The child's final write has looked for waitpoints (none yet) and not committed.
      await child.query("BEGIN");
      await child.query(
        "UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY' WHERE id = 'lost_child'",
      );
      // The parent makes its wait's waitpoint and parks: it reads the child as still executing.
      await lazyWaitpoint("lost_wp", "lost_child");
      await suspend(parent, ["lost_wp"]);
      await child.query("COMMIT");
    } finally {
      child.release();
    }
    // Neither side completed the waitpoint: without the safety net the parent waits forever.
    expect((await state("lost_parent")).run).toEqual({
      status: "WAITING_TO_RESUME",
      available_at: null,
      lease_owner: null,
    });
    expect(await completeFinishedTargets(pool, now)).toBe(1);
    expect((await state("lost_parent")).run?.available_at).toEqual(now);
    const wp = await pool.query(
      "SELECT status, completed_at FROM trigger_engine.waitpoints WHERE id = 'lost_wp'",
    );
    expect(wp.rows[0]).toEqual({ status: "COMPLETED", completed_at: now });
    expect(await completeFinishedTargets(pool, now)).toBe(0);
  });

  it("leaves alone a wait whose child still runs, and one made before the window", async () => {
    const waiting = await run("net_parent", "EXECUTING");
    await run("net_child_running", "EXECUTING");
    await run("net_child_done", "COMPLETED_SUCCESSFULLY");
    await lazyWaitpoint("net_wp_running", "net_child_running");
    await suspend(waiting, ["net_wp_running"]);
    await lazyWaitpoint("net_wp_old", "net_child_done", FINISHED_TARGET_WINDOW_S + 60);
    expect(await completeFinishedTargets(pool, now)).toBe(0);
    expect((await state("net_parent")).run?.available_at).toBeNull();
    const open = await pool.query(
      "SELECT id FROM trigger_engine.waitpoints WHERE id LIKE 'net_wp_%' AND completed_at IS NULL ORDER BY id",
    );
    expect(open.rows.map((r) => r.id)).toEqual(["net_wp_old", "net_wp_running"]);
  });
});

describe("the claim of a resumed run brings the token and duration waits it was parked on", () => {
  it("completed MANUAL and DATETIME blockers come with the lease (output included), RUN blockers do not", async () => {
    const r = await run("claim_blockers", "EXECUTING");
    await run("claim_blockers_child", "EXECUTING");
    await waitpoint("claim_wp_token", { type: "MANUAL" });
    await waitpoint("claim_wp_sleep", { type: "DATETIME", complete_after: now });
    await waitpoint("claim_wp_child", { type: "RUN", completed_by_run_id: "claim_blockers_child" });
    const ids = ["claim_wp_token", "claim_wp_sleep", "claim_wp_child"];
    await suspend(r, ids);
    await pool.query(
      `UPDATE trigger_engine.waitpoints SET completed_at = $2, status = 'COMPLETED',
         output = CASE id WHEN 'claim_wp_token' THEN '{"reply":"YES"}' END,
         output_type = CASE id WHEN 'claim_wp_token' THEN 'application/json' END
       WHERE id = ANY($1)`,
      [ids, now],
    );
    await pool.query("UPDATE trigger_engine.runs SET available_at = $2 WHERE id = $1", [r.id, now]);
    const core = {
      pool,
      clock: { now: () => now },
      project: { queueLimits: new Map(), concurrencyLimits: new Map() },
      queues: new QueueSettings(new Map()),
      workerId: "w1",
    } as unknown as EngineCore;
    const leased = (await dequeue(core, 10)).find((x) => x.id === r.id);
    expect(leased?.blockers?.map((b) => b.id).sort()).toEqual(["claim_wp_sleep", "claim_wp_token"]);
    const token = leased?.blockers?.find((b) => b.id === "claim_wp_token");
    expect(token).toMatchObject({
      output: '{"reply":"YES"}',
      output_type: "application/json",
      output_is_error: false,
    });
    expect(new Date(token!.completed_at)).toEqual(now);
    expect((await state(r.id)).blocks).toEqual([]);
  });
});

describe("resumeAllDue: every due wait, in chunks", () => {
  it("completes all due waits over several transactions and frees only runs with nothing else open", async () => {
    const later = new Date(now.getTime() + 2 * 3_600_000);
    const due = new Date(now.getTime() + 3_600_000);
    for (let i = 0; i < 5; i++) {
      const r = await run(`run_chunk${i}`, "EXECUTING");
      await waitpoint(`wp_chunk${i}`, { type: "DATETIME", complete_after: due });
      await suspend(r, [`wp_chunk${i}`]);
    }
    // Not due yet; and a run whose due wait is one of two blockers (the other a token still open).
    const notDue = await run("run_chunk_later", "EXECUTING");
    await waitpoint("wp_chunk_later", {
      type: "DATETIME",
      complete_after: new Date(later.getTime() + 60_000),
    });
    await suspend(notDue, ["wp_chunk_later"]);
    const both = await run("run_chunk_both", "EXECUTING");
    await waitpoint("wp_chunk_both", { type: "DATETIME", complete_after: due });
    await waitpoint("wp_chunk_token", { type: "MANUAL" });
    await suspend(both, ["wp_chunk_both", "wp_chunk_token"]);

    const core = { pool, clock: { now: () => later } } as unknown as EngineCore;
    // Six due waits here (and any an earlier test left due): chunks of 2 take several transactions.
    const dueNow = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM trigger_engine.waitpoints WHERE completed_at IS NULL AND complete_after <= $1",
      [later],
    );
    expect(dueNow.rows[0]!.n).toBeGreaterThanOrEqual(6);
    expect(await resumeAllDue(core, 2)).toBe(dueNow.rows[0]!.n);
    for (let i = 0; i < 5; i++) expect((await state(`run_chunk${i}`)).run?.available_at).toEqual(later);
    expect((await state("run_chunk_later")).run?.available_at).toBeNull();
    expect((await state("run_chunk_both")).run?.available_at).toBeNull();
    const open = await pool.query<{ id: string }>(
      "SELECT id FROM trigger_engine.waitpoints WHERE id LIKE 'wp_chunk%' AND completed_at IS NULL ORDER BY id",
    );
    expect(open.rows.map((r) => r.id)).toEqual(["wp_chunk_later", "wp_chunk_token"]);
    expect(await resumeAllDue(core, 2)).toBe(0);
  });
});
