import { idempotencyKeys, runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineHarness } from "./engine-test-kit.js";

// With no room to keep suspended attempts in memory (the bound is reached), a waiting run is
// abandoned and re-executed from the top on resume: the journal replays its past calls.
let h: EngineHarness;
let kit: typeof import("./engine-test-kit.js");
beforeAll(async () => {
  process.env.ENGINE_MAX_SUSPENDED = "0";
  kit = await import("./engine-test-kit.js");
  h = await kit.startHarness({ allowClockControl: true });
}, 60_000);
afterAll(async () => {
  delete process.env.ENGINE_MAX_SUSPENDED;
  await h?.close();
});

describe("replay when the in-memory bound is reached", () => {
  it("re-executes from the top: code before each wait runs again, the waits and steps replay", async () => {
    const handle = await tasks.trigger("fixture.steps", { key: "replay", seconds: kit.WAIT_S });
    const run = await kit.advanceUntilDone(h.engine, handle.id);
    expect((run.output as { sum: number }).sum).toBe(6);
    // 4 executions of attempt 1 (the first, then one replay per completed wait); steps 1+2+3+3.
    expect(await h.effects("replay:")).toEqual([
      { key: "replay:before", n: 4 },
      { key: "replay:mw:1", n: 4 },
      { key: "replay:onStart:1", n: 4 },
      { key: "replay:step", n: 9 },
    ]);
  });

  it("a replayed run gets its original token back, not a second one", async () => {
    const handle = await tasks.trigger("fixture.wait-token", { timeout: "1h", key: "rtok" });
    await kit.waitForRun(handle.id, { status: "WAITING" });
    const tokens = await h.pool.query<{ id: string }>(
      "SELECT id FROM trigger_engine.waitpoints WHERE type = 'MANUAL' AND 'k:rtok' = ANY(tags)",
    );
    expect(tokens.rows).toHaveLength(1);
    await wait.completeToken(tokens.rows[0]!.id, { answer: "yes" });
    const run = await kit.waitForRun(handle.id);
    expect(run.output).toEqual({ timedOut: false, answer: "yes" });
    expect(await h.effects("rtok:")).toEqual([{ key: "rtok:token-created", n: 2 }]);
  });

  it("replays earlier waits by idempotency key and by position", async () => {
    const handle = await tasks.trigger("fixture.two-waits", { key: "two" });
    const run = await kit.advanceUntilDone(h.engine, handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(await h.effects("two:")).toEqual([
      { key: "two:a", n: 3 },
      { key: "two:b", n: 2 },
      { key: "two:c", n: 1 },
    ]);
  });

  it("an attempt's triggers replay: the children it made come back, none is made twice", async () => {
    const handle = await tasks.trigger("fixture.trigger-children", {
      key: "kids1",
      held: "kids1-nobody",
      seconds: kit.WAIT_S,
    });
    const run = await kit.advanceUntilDone(h.engine, handle.id);
    const out = run.output as Record<"keyed" | "again" | "plain" | "held" | "after", string>;
    expect(out.again).toBe(out.keyed);
    expect(out.after).toBe(out.keyed);
    expect(new Set([out.keyed, out.plain, out.held]).size).toBe(3);
    // Executed twice (once more after the wait), yet only the first execution made children.
    expect(await h.effects("kids1:")).toEqual([{ key: "kids1:before-wait", n: 2 }]);
    const children = await runs.list({ tag: "kids:kids1" });
    expect(children.data.map((r) => r.id).sort()).toEqual([out.keyed, out.plain, out.held].sort());
  });

  it("an attempt's keyed trigger gets the run a live key holder is; an expired holder gives way", async () => {
    const key = (k: string) => idempotencyKeys.create(k, { scope: "global" });
    const live = await tasks.trigger(
      "fixture.hello",
      { name: "live" },
      { idempotencyKey: await key("kids2-held"), idempotencyKeyTTL: "1h" },
    );
    const expired = await tasks.trigger(
      "fixture.hello",
      { name: "expired" },
      { idempotencyKey: await key("kids3-held"), idempotencyKeyTTL: "1s" },
    );
    await h.engine.clock.advance(2_000);
    const a = await tasks.trigger("fixture.trigger-children", {
      key: "kids2",
      held: "kids2-held",
      seconds: 1,
    });
    const b = await tasks.trigger("fixture.trigger-children", {
      key: "kids3",
      held: "kids3-held",
      seconds: 1,
    });
    const [ra, rb] = await Promise.all([
      kit.advanceUntilDone(h.engine, a.id),
      kit.advanceUntilDone(h.engine, b.id),
    ]);
    expect((ra.output as { held: string }).held).toBe(live.id);
    const madeAnew = (rb.output as { held: string }).held;
    expect(madeAnew).not.toBe(expired.id);
    const released = await h.pool.query<{ friendly_id: string; idempotency_key: string | null }>(
      "SELECT friendly_id, idempotency_key FROM trigger_engine.runs WHERE friendly_id = ANY($1)",
      [[expired.id, madeAnew]],
    );
    const keyOf = new Map(released.rows.map((r) => [r.friendly_id, r.idempotency_key]));
    expect(keyOf.get(expired.id)).toBeNull();
    expect(keyOf.get(madeAnew)).toBe(await key("kids3-held"));
  });

  it("a replayed triggerAndWait gets its child back: one child per level, each with one RUN waitpoint", async () => {
    const top = await tasks.trigger("fixture.chain", { levels: 3 });
    const ids = (await kit.waitForRun(top.id, { timeoutMs: 30_000 })).output as string[];
    expect(ids).toHaveLength(3);
    const made = await h.pool.query<{ friendly_id: string; waitpoints: string; executions: number }>(
      `SELECT r.friendly_id, r.execution_count AS executions,
         (SELECT count(*) FROM trigger_engine.waitpoints w WHERE w.completed_by_run_id = r.friendly_id) AS waitpoints
       FROM trigger_engine.runs r WHERE r.root_run_id = $1 OR r.friendly_id = $1 ORDER BY r.depth`,
      [top.id],
    );
    expect(made.rows.map((r) => r.friendly_id)).toEqual(ids);
    expect(made.rows.map((r) => Number(r.waitpoints))).toEqual([0, 1, 1]);
    // The two upper runs were re-executed after their child finished (no room to keep them waiting).
    expect(made.rows.map((r) => r.executions)).toEqual([2, 2, 1]);
  });
});
