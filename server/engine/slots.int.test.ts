import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// A worker slot is taken while a run's code executes, not while its final state is written: the
// next claim overlaps that write. A queue's concurrency limit still counts the run until the write
// lands (it is EXECUTING in the database until then).
let h: EngineHarness;

async function statusOf(friendlyId: string): Promise<string> {
  const res = await h.pool.query<{ status: string }>(
    "SELECT status FROM trigger_engine.runs WHERE friendly_id = $1",
    [friendlyId],
  );
  return res.rows[0]?.status ?? "missing";
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Task code in the engine's own thread, and in an executor thread (which reports when it stopped).
describe.each([0, 1])("worker slots, %i executor threads", (executors) => {
  beforeAll(async () => {
    h = await startHarness({ concurrency: 1, executors });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("frees a slot when the run's code stops, before its final state is written", async () => {
    // One slot. A (serial queue, limit 1) runs for a second; its row is then locked, so its final
    // write waits until the test lets it go.
    const a = await tasks.trigger("fixture.serial-block", { ms: 1000 });
    await until("A to execute", async () => (await statusOf(a.id)) === "EXECUTING");
    const lock = await h.pool.connect();
    try {
      await lock.query("BEGIN");
      await lock.query("SELECT 1 FROM trigger_engine.runs WHERE friendly_id = $1 FOR UPDATE", [a.id]);
      const sameQueue = await tasks.trigger("fixture.serial-block", { ms: 10 });
      const other = await tasks.trigger("fixture.hello", { name: "slot" });
      // A's code ends after its second; its write is held, yet the one slot takes the next run.
      await until("the unrelated run to be leased", async () => (await statusOf(other.id)) === "EXECUTING");
      expect(await statusOf(a.id)).toBe("EXECUTING");
      // A still counts against its queue's limit of 1: the run behind it in that queue waits.
      await new Promise((r) => setTimeout(r, 300));
      expect(await statusOf(sameQueue.id)).toBe("PENDING");
      await lock.query("COMMIT");
      const [ra, rs, ro] = await Promise.all([
        waitForRun(a.id),
        waitForRun(sameQueue.id),
        waitForRun(other.id),
      ]);
      expect([ra.status, rs.status, ro.status]).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
      expect(ro.output).toMatchObject({ greeting: "hello slot" });
    } finally {
      await lock.query("ROLLBACK").catch(() => {});
      lock.release();
    }
  });
});
