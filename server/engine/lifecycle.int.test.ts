import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("retries, hooks and errors", () => {
  it("retries with the task's retry config until it succeeds", async () => {
    const handle = await tasks.trigger("fixture.flaky", { failTimes: 2 });
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ attempt: 3 });
    expect(run.attemptCount).toBe(3);
  });

  it("fails after maxAttempts (trigger option overrides the task)", async () => {
    const handle = await tasks.trigger("fixture.flaky", { failTimes: 10 }, { maxAttempts: 2 });
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("FAILED");
    expect(run.attemptCount).toBe(2);
    expect(run.error?.message).toBe("boom on attempt 2");
  });

  it("AbortTaskRunError stops retrying", async () => {
    const run = await waitForRun((await tasks.trigger("fixture.aborts", {})).id);
    expect(run.status).toBe("FAILED");
    expect(run.attemptCount).toBe(1);
    expect(run.error?.message).toBe("never retry this");
  });

  it("runs onSuccess, onFailure and cleanup hooks", async () => {
    const ok = await waitForRun((await tasks.trigger("fixture.hooks", { fail: false })).id);
    const bad = await waitForRun((await tasks.trigger("fixture.hooks", { fail: true })).id);
    expect(ok.status).toBe("COMPLETED");
    expect(bad.status).toBe("FAILED");
    expect(bad.attemptCount).toBe(2);
    expect((await h.effects(`hooks:success:${ok.id}`)).length).toBe(1);
    expect((await h.effects(`hooks:failure:${ok.id}`)).length).toBe(0);
    expect((await h.effects(`hooks:failure:${bad.id}`)).length).toBe(1);
    expect((await h.effects(`hooks:cleanup:${bad.id}`)).map((e) => e.key)).toEqual([
      `hooks:cleanup:${bad.id}:1`,
      `hooks:cleanup:${bad.id}:2`,
    ]);
  });

  it("catchError can skip retrying or shorten the delay; middleware wraps every attempt", async () => {
    const fatal = await waitForRun((await tasks.trigger("fixture.guarded", { mode: "fatal" })).id);
    expect(fatal.status).toBe("FAILED");
    expect(fatal.attemptCount).toBe(1);
    // The task's own retry delay is an hour: finishing at all means catchError's 10 ms won.
    const flaky = await waitForRun((await tasks.trigger("fixture.guarded", { mode: "flaky" })).id);
    expect(flaky.output).toEqual({ attempt: 3 });
    expect((await h.effects(`guarded:mw:${flaky.id}`)).length).toBe(3);
  });

  it("a schemaTask with a bad payload fails once with TASK_INPUT_ERROR", async () => {
    const run = await waitForRun((await tasks.trigger("fixture.validated", { count: "x" })).id);
    expect(run.status).toBe("FAILED");
    expect(run.attemptCount).toBe(1);
    const good = await waitForRun((await tasks.trigger("fixture.validated", { count: 4 })).id);
    expect(good.output).toEqual({ doubled: 8 });
  });

  it("maxDuration times the run out", async () => {
    const run = await waitForRun((await tasks.trigger("fixture.slow", {})).id);
    expect(run.status).toBe("TIMED_OUT");
  });

  it("cancels a delayed run, reschedules and replays", async () => {
    const delayed = await tasks.trigger("fixture.hello", { name: "later" }, { delay: "1h" });
    expect((await runs.retrieve(delayed.id)).status).toBe("DELAYED");
    const moved = await runs.reschedule(delayed.id, { delay: new Date(Date.now() + 50) });
    expect(moved.status).toBe("DELAYED");
    expect((await waitForRun(delayed.id)).status).toBe("COMPLETED");
    const other = await tasks.trigger("fixture.hello", { name: "never" }, { delay: "1h" });
    await runs.cancel(other.id);
    expect((await runs.retrieve(other.id)).status).toBe("CANCELED");
    const replay = await runs.replay(delayed.id);
    const replayed = await waitForRun(replay.id);
    expect(replayed.output).toMatchObject({ greeting: "hello later" });
  });

  it("cancelling an executing run sticks even when the task ignores the abort signal", async () => {
    const run = await tasks.trigger("fixture.serial-block", { ms: 1500 });
    await waitForRun(run.id, { status: "EXECUTING" });
    await runs.cancel(run.id);
    expect((await runs.retrieve(run.id)).status).toBe("CANCELED");
    await new Promise((r) => setTimeout(r, 2000));
    const after = await runs.retrieve(run.id);
    expect(after.status).toBe("CANCELED");
    expect(after.output).toBeUndefined();
  });

  it("idempotency keys return the cached run until the TTL passes", async () => {
    const a = await tasks.trigger(
      "fixture.hello",
      { name: "i" },
      { idempotencyKey: "same-key", idempotencyKeyTTL: "1h" },
    );
    const b = await tasks.trigger(
      "fixture.hello",
      { name: "i" },
      { idempotencyKey: "same-key", idempotencyKeyTTL: "1h" },
    );
    expect(b.id).toBe(a.id);
    const c = await tasks.trigger("fixture.hello", { name: "i" }, { idempotencyKey: "other-key" });
    expect(c.id).not.toBe(a.id);

    // Triggers with one key at once: one run; and once the key's TTL passed, a new run.
    const together = await Promise.all(
      Array.from({ length: 6 }, () =>
        tasks.trigger(
          "fixture.hello",
          { name: "i" },
          { idempotencyKey: "race-key", idempotencyKeyTTL: "1s" },
        ),
      ),
    );
    expect(new Set(together.map((t) => t.id)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 1_200));
    const later = await tasks.trigger(
      "fixture.hello",
      { name: "i" },
      { idempotencyKey: "race-key", idempotencyKeyTTL: "1s" },
    );
    expect(later.id).not.toBe(together[0]!.id);
    expect((await waitForRun(later.id)).status).toBe("COMPLETED");
  });

  it("expires a queued run whose TTL passed", async () => {
    const block = await tasks.trigger("fixture.serial-block", { ms: 2500 });
    await waitForRun(block.id, { status: "EXECUTING" });
    const run = await tasks.trigger("fixture.hello", { name: "ttl" }, { queue: "fixture-serial", ttl: "1s" });
    const done = await waitForRun(run.id);
    expect(done.status).toBe("EXPIRED");
    expect((await waitForRun(block.id)).status).toBe("COMPLETED");
  });
});
