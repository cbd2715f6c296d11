import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";
import { connectEngineState } from "./index.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness({ allowClockControl: true });
}, 60_000);
afterAll(async () => h?.close());

describe("engine state API (read-only view for tools and tests)", () => {
  it("lists and counts runs by tag, status and task; a waiting run shows its waitpoint", async () => {
    const since = new Date(h.engine.clock.now().getTime() - 1_000);
    const done = await tasks.trigger("fixture.hello", { name: "a" }, { tags: ["state:a"] });
    await waitForRun(done.id);
    const parked = await tasks.trigger("fixture.park", {}, { tags: ["state:a", "state:b"] });
    await waitForRun(parked.id, { status: "WAITING" });

    const byTag = await h.engine.state.listRuns({ tag: "state:a" });
    expect(byTag.map((r) => r.id)).toEqual([parked.id, done.id]);
    expect(byTag.map((r) => r.status)).toEqual(["WAITING_TO_RESUME", "COMPLETED_SUCCESSFULLY"]);
    expect(
      (await h.engine.state.listRuns({ tag: "state:a", notStatus: ["WAITING_TO_RESUME"] })).map((r) => r.id),
    ).toEqual([done.id]);
    expect(await h.engine.state.countRuns({ taskIdentifier: "fixture.park" })).toEqual([
      { taskIdentifier: "fixture.park", status: "WAITING_TO_RESUME", count: 1 },
    ]);

    const detail = await h.engine.state.retrieveRun(parked.id);
    expect(detail?.waitpoints).toHaveLength(1);
    expect(detail?.waitpoints[0]?.type).toBe("DATETIME");
    const due = detail!.waitpoints[0]!.completeAfter!;
    expect(await h.engine.state.nextDueAt(h.engine.clock.now())).toEqual(due);
    expect(await h.engine.state.pendingWork(h.engine.clock.now())).toBe(0);
    expect(await h.engine.state.pendingWork(new Date(due.getTime() + 1))).toBeGreaterThan(0);
    expect(await h.engine.state.retrieveRun("run_unknown")).toBeUndefined();

    // The activity the system checks and metrics read: each run started once, one finished, one waiting.
    expect(await h.engine.state.activity(since, h.engine.clock.now())).toEqual({
      queued: [],
      waiting: 1,
      executing: 0,
      startedSince: [
        { taskIdentifier: "fixture.hello", count: 1 },
        { taskIdentifier: "fixture.park", count: 1 },
      ],
      retriedSince: [],
      finishedSince: [{ taskIdentifier: "fixture.hello", status: "COMPLETED_SUCCESSFULLY", count: 1 }],
    });

    // A tool without the engine object reads the same state on its own connection.
    await h.engine.clock.advance(3_601_000);
    await waitForRun(parked.id);
    // The parked run resumed, not started again, and finished (the hour the clock moved may have
    // started the fixture project's scheduled tasks: only these two tasks are compared).
    const ours = (r: { taskIdentifier: string }) =>
      r.taskIdentifier === "fixture.hello" || r.taskIdentifier === "fixture.park";
    const after = await h.engine.state.activity(since, h.engine.clock.now());
    expect(after.startedSince.filter(ours)).toEqual([
      { taskIdentifier: "fixture.hello", count: 1 },
      { taskIdentifier: "fixture.park", count: 1 },
    ]);
    expect(after.finishedSince.filter(ours)).toEqual([
      { taskIdentifier: "fixture.hello", status: "COMPLETED_SUCCESSFULLY", count: 1 },
      { taskIdentifier: "fixture.park", status: "COMPLETED_SUCCESSFULLY", count: 1 },
    ]);
    const later = await h.engine.state.activity(h.engine.clock.now(), h.engine.clock.now());
    expect(later.startedSince.filter(ours)).toEqual([]);
    expect(later.finishedSince.filter(ours)).toEqual([]);
    // A run that failed twice: started once, retried twice (attempts 2 and 3).
    const beforeFlaky = h.engine.clock.now();
    const flaky = await tasks.trigger("fixture.flaky", { failTimes: 2 });
    await waitForRun(flaky.id);
    const retried = await h.engine.state.activity(beforeFlaky, h.engine.clock.now());
    expect(retried.startedSince.filter((r) => r.taskIdentifier === "fixture.flaky")).toEqual([
      { taskIdentifier: "fixture.flaky", count: 1 },
    ]);
    expect(retried.retriedSince).toEqual([{ taskIdentifier: "fixture.flaky", count: 2 }]);
    const tool = connectEngineState(h.db.url);
    try {
      expect((await tool.retrieveRun(parked.id))?.status).toBe("COMPLETED_SUCCESSFULLY");
      expect((await tool.retrieveRun(parked.id))?.waitpoints).toEqual([]);
      expect(await tool.clockOffsetMs()).toBe(h.engine.clock.offsetMs());
    } finally {
      await tool.close();
    }
    expect((await runs.retrieve(parked.id)).status).toBe("COMPLETED");
  });
});

describe("engine.whenIdle (the hint quiet checks wait on)", () => {
  it("resolves at once when nothing runs, else once this worker's runs have stopped and nothing is ready", async () => {
    const late = () => new Promise<string>((r) => setTimeout(() => r("late"), 2_000));
    await expect(Promise.race([h.engine.whenIdle().then(() => "idle"), late()])).resolves.toBe("idle");
    expect(await h.engine.state.pendingWork(h.engine.clock.now())).toBe(0);

    // 20 runs, each triggering a child and then parking on a token: asked while they execute, the
    // hint waits for all of them and their children.
    const keys = Array.from({ length: 20 }, (_, i) => `idle-${i}`);
    const handles = await Promise.all(keys.map((key) => tasks.trigger("fixture.isolation", { key })));
    let resolved = false;
    const idle = h.engine.whenIdle().then(() => (resolved = true));
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    await idle;
    expect(await h.engine.state.pendingWork(h.engine.clock.now())).toBe(0);
    const parents = await h.engine.state.countRuns({ taskIdentifier: "fixture.isolation" });
    expect(parents).toEqual([
      { taskIdentifier: "fixture.isolation", status: "WAITING_TO_RESUME", count: 20 },
    ]);
    for (const { id } of handles) expect((await runs.retrieve(id)).status).toBe("WAITING");
  });
});
