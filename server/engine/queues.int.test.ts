import { queues, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "./engine.js";
import { type EngineHarness, FIXTURE_DIR, SECRET, startHarness, waitForRun } from "./engine-test-kit.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("queues, concurrency keys, priority, realtime", () => {
  it("a queue with concurrencyLimit 1 never runs two at once", async () => {
    const handles = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tasks.trigger("fixture.serial", { i })),
    );
    for (const hd of handles) expect((await waitForRun(hd.id)).output).toEqual({ maxInFlight: 1 });
  });

  it("each concurrency key gets its own slot", async () => {
    const a = await tasks.trigger("fixture.serial-block", { ms: 800 }, { concurrencyKey: "a" });
    const b = await tasks.trigger("fixture.serial-block", { ms: 800 }, { concurrencyKey: "b" });
    const a2 = await tasks.trigger("fixture.serial-block", { ms: 10 }, { concurrencyKey: "a" });
    await waitForRun(a.id, { status: "EXECUTING" });
    await waitForRun(b.id, { status: "EXECUTING" });
    expect((await runs.retrieve(a2.id)).status).toBe("QUEUED");
    const [ra, ra2] = [await waitForRun(a.id), await waitForRun(a2.id)];
    expect(ra2.startedAt!.getTime()).toBeGreaterThanOrEqual(ra.finishedAt!.getTime());
  });

  it("a higher priority run is dequeued first", async () => {
    const block = await tasks.trigger("fixture.serial-block", { ms: 600 });
    await waitForRun(block.id, { status: "EXECUTING" });
    const low = await tasks.trigger("fixture.hello", { name: "low" }, { queue: "fixture-serial" });
    const high = await tasks.trigger(
      "fixture.hello",
      { name: "high" },
      { queue: "fixture-serial", priority: 60 },
    );
    const [rl, rh] = [await waitForRun(low.id), await waitForRun(high.id)];
    expect(rh.startedAt!.getTime()).toBeLessThanOrEqual(rl.startedAt!.getTime());
  });

  it("runs.subscribeToRun streams the run from the engine's table to completion", async () => {
    const handle = await tasks.trigger("fixture.hello", { name: "live" });
    const seen: string[] = [];
    for await (const run of runs.subscribeToRun(handle.id)) {
      seen.push(run.status);
      if (run.finishedAt) {
        expect(run.output).toMatchObject({ greeting: "hello live" });
        break;
      }
    }
    expect(seen.at(-1)).toBe("COMPLETED");
  });
});

describe("queue settings across engines sharing one database", () => {
  it("a pause made through one engine holds the other engine's claims too, until a resume through it", async () => {
    const other = await createEngine({ databaseUrl: h.db.url, projectDir: FIXTURE_DIR, secretKey: SECRET });
    const otherUrl = await other.listen(0);
    await other.start();
    try {
      // Both engines claim from the same table; the pause is made through the first one's API.
      await queues.pause({ type: "task", name: "fixture.hello" });
      const run = await tasks.trigger("fixture.hello", { name: "paused" });
      await new Promise((r) => setTimeout(r, 800));
      expect((await runs.retrieve(run.id)).status).toBe("QUEUED");
      // Resumed through the other engine's API: the first engine hears of it and either may start it.
      const res = await fetch(`${otherUrl}/api/v1/queues/fixture.hello/pause`, {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "task", action: "resume" }),
      });
      expect(res.status).toBe(200);
      expect((await waitForRun(run.id)).status).toBe("COMPLETED");
    } finally {
      await other.stop();
    }
  });
});
