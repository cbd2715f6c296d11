import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// A plain trigger on an idle engine is leased in the INSERT that creates it (trigger-batch.ts):
// the run starts without a claim. Anything else goes through the queue and a claim, as before.

let h: EngineHarness;
let query: MockInstance;
beforeAll(async () => {
  h = await startHarness({ concurrency: 2 });
  query = vi.spyOn(h.engine.pool, "query");
});
afterAll(async () => {
  query?.mockRestore();
  await h?.close();
});

/** Names of the engine's prepared statements made since `from` (spy call index). */
function statementsSince(from: number): string[] {
  return query.mock.calls
    .slice(from)
    .map(([q]) => (typeof q === "object" && q && "name" in q ? String(q.name) : ""))
    .filter(Boolean);
}

const leasedInserts = (names: string[]) => names.filter((n) => n.startsWith("engine_insert_leased_")).length;
const plainInserts = (names: string[]) => names.filter((n) => n.startsWith("engine_insert_runs_")).length;
const idle = () => new Promise((r) => setTimeout(r, 150));

async function runRow(friendlyId: string) {
  const res = await h.pool.query<{
    started_at: Date;
    created_at: Date;
    execution_count: number;
    attempts: string;
  }>(
    `SELECT r.started_at, r.created_at, r.execution_count,
       (SELECT count(*) FROM trigger_engine.attempts a WHERE a.run_id = r.id) AS attempts
     FROM trigger_engine.runs r WHERE r.friendly_id = $1`,
    [friendlyId],
  );
  return res.rows[0]!;
}

describe("a trigger on an idle engine leases its run in the insert", () => {
  it("starts the run with no claim: one attempt, started when created, completed", async () => {
    let leased = 0;
    // The loop's own 500 ms maintenance pass can be claiming at the moment of a trigger; then the
    // trigger takes the queue, which is also correct. Most of five spaced triggers find it asleep.
    for (let i = 0; i < 5; i++) {
      await idle();
      const from = query.mock.calls.length;
      const handle = await tasks.trigger("fixture.hello", { name: `lease ${i}` });
      const run = await waitForRun(handle.id);
      expect(run.status).toBe("COMPLETED");
      expect(run.output).toMatchObject({ greeting: `hello lease ${i}` });
      const names = statementsSince(from);
      if (leasedInserts(names) === 1) {
        leased++;
        expect(plainInserts(names)).toBe(0);
        const row = await runRow(handle.id);
        expect(row.started_at.getTime()).toBe(row.created_at.getTime());
        expect(row.execution_count).toBe(1);
        expect(Number(row.attempts)).toBe(1);
      }
    }
    expect(leased).toBeGreaterThanOrEqual(4);
  });

  it("with every slot taken, a new run waits in the queue and is claimed when a slot frees", async () => {
    await idle();
    const from = query.mock.calls.length;
    // A queue with no limit: only the engine's concurrency (2) holds these back.
    const a = await tasks.trigger("fixture.serial-block", { ms: 700 }, { queue: "lease-free" });
    const b = await tasks.trigger("fixture.serial-block", { ms: 700 }, { queue: "lease-free" });
    await waitForRun(a.id, { status: "EXECUTING" });
    await waitForRun(b.id, { status: "EXECUTING" });
    const late = await tasks.trigger("fixture.hello", { name: "late" });
    expect((await runs.retrieve(late.id)).status).toBe("QUEUED");
    const [ra, rb, rl] = [await waitForRun(a.id), await waitForRun(b.id), await waitForRun(late.id)];
    expect(rl.status).toBe("COMPLETED");
    const firstFree = Math.min(ra.finishedAt!.getTime(), rb.finishedAt!.getTime());
    expect(rl.startedAt!.getTime()).toBeGreaterThanOrEqual(firstFree);
    const names = statementsSince(from);
    expect(plainInserts(names)).toBeGreaterThanOrEqual(1);
    expect(names).toContain("engine_claim_unlimited");
  });

  it("a run of a queue with a concurrency limit, or a delayed run, is not leased in its insert", async () => {
    await idle();
    const from = query.mock.calls.length;
    const limited = await tasks.trigger("fixture.serial", { i: 99 });
    const delayed = await tasks.trigger("fixture.hello", { name: "later" }, { delay: "1s" });
    expect((await runs.retrieve(delayed.id)).status).toBe("DELAYED");
    expect((await waitForRun(limited.id)).status).toBe("COMPLETED");
    expect((await waitForRun(delayed.id)).status).toBe("COMPLETED");
    const names = statementsSince(from);
    expect(leasedInserts(names)).toBe(0);
    expect(plainInserts(names)).toBe(2);
  });
});
