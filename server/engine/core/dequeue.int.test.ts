import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineTables } from "../engine-test-kit.js";
import type { LimitShape } from "./concurrency.js";
import type { EngineCore } from "./core.js";
import { dequeue, LIMITED_READY, READY } from "./dequeue.js";
import { QueueSettings } from "./queue-settings.js";

// The claim must walk the dequeue index and stop after the runs it takes, whatever the planner's
// statistics say. Counting calls of `dequeue_key` (not inlined, so Postgres tracks it) tells how
// many ready runs a claim looked at: an ordered index scan computes it for the rows it returns, a
// plan that sorts computes it for every ready run.

let tables: Awaited<ReturnType<typeof engineTables>>;
let pool: pg.Pool;
const QUEUED = 3_000;
const t0 = Date.parse("2026-01-01T00:00:00Z");

function coreFor(limits: Record<string, number>, named: Record<string, LimitShape> = {}): EngineCore {
  const core: Pick<EngineCore, "pool" | "clock" | "project" | "queues" | "workerId"> = {
    pool,
    clock: { now: () => new Date(t0 + 3_600_000) } as EngineCore["clock"],
    project: {
      queueLimits: new Map(Object.entries(limits)),
      concurrencyLimits: new Map(Object.entries(named)),
    } as EngineCore["project"],
    queues: new QueueSettings(new Map(Object.entries(limits))),
    workerId: "test-worker",
  };
  return core as EngineCore;
}

async function dequeueKeyCalls(): Promise<number> {
  await pool.query("SELECT pg_stat_force_next_flush()");
  await pool.query("SELECT pg_stat_clear_snapshot()");
  const res = await pool.query<{ calls: string }>(
    "SELECT coalesce(max(calls), 0) AS calls FROM pg_stat_user_functions WHERE schemaname = 'trigger_engine' AND funcname = 'dequeue_key'",
  );
  return Number(res.rows[0]?.calls);
}

/** `n` ready runs on `queue`, one a second from t0; run `i` has priority `prio(i)` seconds. */
async function queueRuns(prefix: string, queue: string, n: number, prio: (i: number) => number) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
  await pool.query(
    `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, priority_ms, available_at,
       created_at, updated_at)
     SELECT id, id, 'bench.echo', 'PENDING', $2, p * 1000, $3::timestamptz + make_interval(secs => ord - 1), $3, $3
     FROM unnest($1::text[], $4::int[]) WITH ORDINALITY AS x(id, p, ord)`,
    [ids, queue, new Date(t0), ids.map((_, i) => prio(i))],
  );
  return ids;
}

beforeAll(async () => {
  // One connection, so the function-call counts are this session's own and flushed by it.
  tables = await engineTables({ max: 1, options: "-c track_functions=all" });
  pool = tables.pool;
});
afterAll(async () => tables?.close());

describe("dequeue: claims read the dequeue index in order, not every ready run", () => {
  it("with statistics from before the burst (every run done), a claim of 10 looks at about 10 runs, in order", async () => {
    // Statistics taken when every run was finished: the planner believes no run is ready.
    await queueRuns("done", "default", 500, () => 0);
    await pool.query("UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY', available_at = NULL");
    await pool.query("ANALYZE trigger_engine.runs");
    // Runs 0..2999, one a second; every 100th has a 10-minute priority, so 30 jump the line.
    const ids = await queueRuns("r", "default", QUEUED, (i) => (i % 100 === 99 ? 600 : 0));
    const core = coreFor({});

    const before = await dequeueKeyCalls();
    const first = await dequeue(core, 10);
    const calls = (await dequeueKeyCalls()) - before;

    // Dequeue order: available_at minus priority, then id. The prioritised run 99 (ready at
    // 99 s, minus 600 s) comes before the rest, and so do 199..599 (their keys are below 10 s).
    const expected = [99, 199, 299, 399, 499, 599, 0, 1, 2, 3].map((i) => ids[i]);
    expect(first.map((r) => r.id)).toEqual(expected);
    expect(first.every((r) => r.status === "EXECUTING" && r.attempt_number === 1)).toBe(true);
    // A sorting plan computes the key for all 3,000 ready runs; the index walk for the 10 taken
    // (plus the leased rows' final ordering reads none: they keep their pick order).
    expect(calls).toBeLessThan(100);
  });

  it("a limited queue's claim reads in order too, and takes one run per concurrency key at limit 1", async () => {
    await pool.query("UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY', available_at = NULL");
    const ids = await queueRuns("l", "serial", 1_000, () => 0);
    await pool.query(
      "UPDATE trigger_engine.runs SET concurrency_key = 'k' || (substr(id, 2)::int % 2) WHERE queue = 'serial'",
    );
    await pool.query("ANALYZE trigger_engine.runs");

    const before = await dequeueKeyCalls();
    const taken = await dequeue(coreFor({ serial: 1 }), 10);
    const calls = (await dequeueKeyCalls()) - before;

    // The oldest run of each key, k0 then k1, and nothing more while they execute.
    expect(taken.map((r) => [r.id, r.concurrency_key])).toEqual([
      [ids[0], "k0"],
      [ids[1], "k1"],
    ]);
    expect(await dequeue(coreFor({ serial: 1 }), 10)).toEqual([]);
    // The limited pick reads up to 4 x 10 runs in index order, not all 1,000 waiting ones.
    expect(calls).toBeLessThan(100);
  });
});

describe("dequeue: named concurrency limits", () => {
  const finishAll = "UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY', available_at = NULL";
  const finishExecuting =
    "UPDATE trigger_engine.runs SET status = 'COMPLETED_SUCCESSFULLY' WHERE status = 'EXECUTING'";
  const fresh = async () => {
    await pool.query(finishAll);
    await pool.query("DELETE FROM trigger_engine.concurrency_limits");
    await pool.query("DELETE FROM trigger_engine.concurrency_limit_keys");
  };
  /** Runs holding `limits`, keys k0/k1 alternating (none when `keyed` is false). */
  async function holders(prefix: string, n: number, limits: string[], keyed = true) {
    const ids = await queueRuns(prefix, "default", n, () => 0);
    await pool.query(
      `UPDATE trigger_engine.runs SET limits = $2,
         concurrency_key = CASE WHEN $3 THEN 'k' || (substr(id, ${prefix.length + 1})::int % 2) END
       WHERE id = ANY($1)`,
      [ids, limits, keyed],
    );
    return ids;
  }
  const claim = async (core: EngineCore, max = 10) => (await dequeue(core, max)).map((r) => r.id);

  it("perKey and total bound what executes; a run holding two limits needs room in both", async () => {
    await fresh();
    const core = coreFor({}, { shared: { perKey: 1, total: 2 }, wide: { total: 3 } });
    const a = await holders("a", 6, ["shared"]);
    const plain = await queueRuns("p", "default", 3, () => 0);
    // The three runs holding nothing, and the oldest run of each key under "shared".
    expect((await claim(core)).sort()).toEqual([a[0], a[1], ...plain].sort());
    expect(await claim(core)).toEqual([]);

    // Key-less runs holding "wide" and "shared", ready before a[2]: the first takes the key-less
    // pool's one place, the second waits for it, a[2] (k0) takes the last of the total 2.
    await pool.query(finishExecuting);
    const b = await holders("b", 4, ["wide", "shared"], false);
    expect(await claim(core)).toEqual([b[0], a[2]]);

    // "wide" overridden to 0: the b runs wait however much room "shared" has.
    await pool.query(finishExecuting);
    await pool.query(
      "INSERT INTO trigger_engine.concurrency_limits (name, total_override) VALUES ('wide', 0)",
    );
    expect(await claim(core)).toEqual([a[3], a[4]]);
  });

  it("an override, a per-key override until it expires, and a pause change what is admitted", async () => {
    await fresh();
    const core = coreFor({}, { shared: { perKey: 1, total: 2 } });
    const ids = await holders("o", 12, ["shared"]);
    await pool.query(
      "INSERT INTO trigger_engine.concurrency_limits (name, total_override) VALUES ('shared', 10)",
    );
    const now = t0 + 3_600_000;
    // k0 may run 3 at once until its override expires; k1's lapsed override changes nothing.
    await pool.query(
      `INSERT INTO trigger_engine.concurrency_limit_keys (name, concurrency_key, per_key, expires_at)
       VALUES ('shared', 'k0', 3, $1), ('shared', 'k1', 5, $2)`,
      [new Date(now + 60_000), new Date(now - 1)],
    );
    expect(await claim(core)).toEqual([ids[0], ids[1], ids[2], ids[4]]);

    // Paused: nothing, although both keys have room once those finish.
    await pool.query(finishExecuting);
    await pool.query("UPDATE trigger_engine.concurrency_limits SET paused = true");
    expect(await claim(core)).toEqual([]);
    await pool.query("UPDATE trigger_engine.concurrency_limits SET paused = false");
    expect(await claim(core)).toEqual([ids[3], ids[6], ids[8], ids[10]]);
  });

  it("a perKey overridden to 0 closes every key but one a per-key override opens", async () => {
    await fresh();
    const core = coreFor({}, { gate: { perKey: 1 } });
    const ids = await holders("g", 8, ["gate"]);
    await pool.query(
      "INSERT INTO trigger_engine.concurrency_limits (name, per_key_override) VALUES ('gate', 0)",
    );
    await pool.query(
      `INSERT INTO trigger_engine.concurrency_limit_keys (name, concurrency_key, per_key, expires_at)
       VALUES ('gate', 'k0', 2, $1)`,
      [new Date(t0 + 7_200_000)],
    );
    expect(await claim(core)).toEqual([ids[0], ids[2]]);
    expect(await claim(core)).toEqual([]);
  });

  it("runs a full limit holds back are skipped by the pick, so runs behind them are still claimed", async () => {
    await fresh();
    const core = coreFor({}, { blocked: { total: 5 }, open: { total: 5 } });
    await pool.query("INSERT INTO trigger_engine.concurrency_limits (name, paused) VALUES ('blocked', true)");
    // 100 runs of the paused limit first in line (more than the 4 x max a pick reads), then 3 others.
    await holders("x", 100, ["blocked"]);
    const open = await holders("y", 3, ["open"], false);
    expect(await claim(core, 2)).toEqual([open[0], open[1]]);
  });
});

describe("dequeue: the limited claim's readiness check", () => {
  /** Node types and relations of a plan, depth first. */
  function scans(plan: Record<string, unknown>): string[] {
    const here = `${plan["Node Type"]}${plan["Relation Name"] ? ` on ${plan["Relation Name"]}` : ""}${plan["Index Name"] ? ` using ${plan["Index Name"]}` : ""}`;
    const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
    return [here, ...children.flatMap(scans)];
  }

  it("reads the ready runs through runs_available, not every run, before any statistics exist", async () => {
    const own = await engineTables();
    try {
      // A fresh database (never analyzed): 5,000 finished runs, and one run of a limited queue ready.
      await own.pool.query(
        `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, created_at, updated_at)
         SELECT 'f' || g, 'f' || g, 'bench.echo', 'COMPLETED_SUCCESSFULLY', 'care', $1, $1 FROM generate_series(1, 5000) g`,
        [new Date(t0)],
      );
      await own.pool.query(
        `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, available_at, created_at, updated_at)
         VALUES ('ready1', 'ready1', 'bench.echo', 'PENDING', 'care', $1, $1, $1)`,
        [new Date(t0)],
      );
      const args = [new Date(t0 + 1000), READY, ["care"], []];
      expect((await own.pool.query(LIMITED_READY, args)).rowCount).toBe(1);
      const res = await own.pool.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(
        `EXPLAIN (FORMAT JSON) ${LIMITED_READY}`,
        args,
      );
      const nodes = scans(res.rows[0]!["QUERY PLAN"][0].Plan);
      expect(nodes).toContain("Index Scan on runs using runs_available");
      expect(nodes.filter((n) => n.startsWith("Seq Scan"))).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it("gives the engine's queue tables their own autovacuum settings", async () => {
    const res = await pool.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'trigger_engine'::regnamespace
         AND relname IN ('runs', 'waitpoints', 'run_blocks', 'attempts') ORDER BY relname`,
    );
    expect(res.rows.map((r) => r.relname)).toEqual(["attempts", "run_blocks", "runs", "waitpoints"]);
    for (const r of res.rows)
      expect(r.reloptions).toEqual(
        expect.arrayContaining(["autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_cost_delay=0"]),
      );
  });
});
