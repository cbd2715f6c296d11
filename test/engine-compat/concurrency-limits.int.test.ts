import { concurrencyLimits, queues, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, KEY, settled, startCompat } from "./harness.js";

// Named concurrency limits as a Trigger.dev v4 project declares them (`concurrencyLimit()`, the
// task `concurrency` option, the trigger option), `concurrencyLimits.*` and `queues.*`, through the
// real SDK. Tasks are in project/tasks/limits.ts; each holds for the ms it is given.

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

type Finished = { startedAt?: Date; finishedAt?: Date };

/** The most runs that executed at the same moment, from their start and finish times. */
function maxOverlap(list: Finished[]): number {
  const edges = list.flatMap((r) => [
    [r.startedAt!.getTime(), 1],
    [r.finishedAt!.getTime(), -1],
  ]);
  // A finish and a start at the same instant do not overlap: finishes first.
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) {
    now += d!;
    most = Math.max(most, now);
  }
  return most;
}

async function allSettled(ids: string[]) {
  const done = [];
  for (const id of ids) done.push(await settled(id));
  for (const r of done) expect(r.status).toBe("COMPLETED");
  return done;
}

/** Polls until the run leaves QUEUED or `ms` pass; the status it ended with. */
async function statusAfter(id: string, ms: number): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const { status } = await runs.retrieve(id);
    if (status !== "QUEUED" || Date.now() > until) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("limits declared in task files", () => {
  it("an inline { total: 2 } lets two of the task's runs execute at once, never three", async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await tasks.trigger("compat.inline-total", { ms: 300 })).id);
    expect(maxOverlap(await allSettled(ids))).toBe(2);
  });

  it("a named limit is one pool for every task holding it, declared or named by string", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await tasks.trigger("compat.shared-a", { ms: 150 })).id);
      ids.push((await tasks.trigger("compat.shared-b", { ms: 150 })).id);
    }
    expect(maxOverlap(await allSettled(ids))).toBe(1);
  });

  it("perKey caps each concurrencyKey; the task's inline total caps them together", async () => {
    const byKey: Record<string, string[]> = { a: [], b: [], c: [], d: [] };
    for (let i = 0; i < 2; i++) {
      for (const key of Object.keys(byKey)) {
        byKey[key]!.push((await tasks.trigger("compat.keyed", { ms: 300 }, { concurrencyKey: key })).id);
      }
    }
    const all = [];
    for (const ids of Object.values(byKey)) {
      const done = await allSettled(ids);
      expect(maxOverlap(done)).toBe(1);
      all.push(...done);
    }
    // Four keys with room for one each, three in all ({ total: 3 } beside the named limit).
    expect(maxOverlap(all)).toBe(3);
  });
});

describe("the trigger option concurrency", () => {
  it("replaces the task's named limits for that run; an undeclared name is refused", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await tasks.trigger("compat.shared-a", { ms: 300 }, { concurrency: "compat-wide" })).id);
    // Held by "compat-wide" (total 5) instead of "compat-shared" (total 1): they run together.
    expect(maxOverlap(await allSettled(ids))).toBe(3);
    await expect(tasks.trigger("compat.shared-a", { ms: 1 }, { concurrency: "compat-nope" })).rejects.toThrow(
      /compat-nope.*not declared/,
    );
    await expect(
      tasks.batchTrigger("compat.shared-a", [
        { payload: { ms: 1 }, options: { concurrency: "compat-nope" } },
      ]),
    ).rejects.toThrow(/not declared/);
  });

  it("raw gates (the server's own form of named limits) are refused, not ignored", async () => {
    const res = await fetch(`${h.url}/api/v1/tasks/compat.echo/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ payload: { v: "x" }, options: { gates: [{ queue: "task/compat.echo" }] } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/gates are not supported/);
  });
});

describe("concurrencyLimits.*", () => {
  it("lists named limits and tasks' inline ones with their bounds", async () => {
    const page = await concurrencyLimits.list({ perPage: 100 });
    const byName = new Map(page.data.map((l) => [l.name, l]));
    expect([...byName.keys()].sort()).toEqual([
      "compat-keyed",
      "compat-shared",
      "compat-wide",
      "task/compat.inline-total",
      "task/compat.keyed",
    ]);
    const inline = byName.get("task/compat.inline-total")!;
    expect(inline.total).toEqual({ current: 2, base: 2, override: null, overriddenAt: null });
    expect(inline.perKey.current).toBeNull();
    expect(inline.id).toMatch(/^climit_/);
    expect(byName.get("compat-keyed")!.perKey.base).toBe(1);
    // An inline limit by its derived name (the SDK encodes the slash).
    expect((await concurrencyLimits.retrieve("task/compat.keyed")).total.base).toBe(3);
    await expect(concurrencyLimits.retrieve("compat-nope")).rejects.toThrow(/not found/i);
  });

  it("pause holds every run back until resume; running and queued are counted", async () => {
    const busy = await tasks.trigger("compat.shared-a", { ms: 800 });
    expect(await statusAfter(busy.id, 5_000)).toBe("EXECUTING");
    const next = await tasks.trigger("compat.shared-b", { ms: 1 });
    const seen = await concurrencyLimits.retrieve("compat-shared");
    expect({ running: seen.running, queued: seen.queued, paused: seen.paused }).toEqual({
      running: 1,
      queued: 1,
      paused: false,
    });

    const paused = await concurrencyLimits.pause("compat-shared");
    expect(paused.paused).toBe(true);
    expect(paused.total.current).toBe(1); // a pause keeps the bounds
    expect((await settled(busy.id)).status).toBe("COMPLETED"); // what executes goes on
    expect(await statusAfter(next.id, 700)).toBe("QUEUED");

    expect((await concurrencyLimits.resume("compat-shared")).paused).toBe(false);
    expect((await settled(next.id)).status).toBe("COMPLETED");
  });

  it("override changes only the bounds given; total 0 blocks; reset restores the declaration", async () => {
    const over = await concurrencyLimits.override("compat-shared", { total: 0 });
    expect(over.total).toMatchObject({ current: 0, base: 1, override: 0 });
    expect(over.total.overriddenAt).toBeInstanceOf(Date);
    expect(over.perKey).toMatchObject({ current: null, base: null, override: null });
    const blocked = await tasks.trigger("compat.shared-a", { ms: 1 });
    expect(await statusAfter(blocked.id, 700)).toBe("QUEUED");

    const back = await concurrencyLimits.reset("compat-shared");
    expect(back.total).toEqual({ current: 1, base: 1, override: null, overriddenAt: null });
    expect((await settled(blocked.id)).status).toBe("COMPLETED");

    // A wider bound: two runs of the shared pool at once.
    await concurrencyLimits.override("compat-shared", { total: 2 });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await tasks.trigger("compat.shared-a", { ms: 300 })).id);
    expect(maxOverlap(await allSettled(ids))).toBe(2);
    await concurrencyLimits.reset("compat-shared");
  });

  it("a per-key override caps one key until it expires or is reset; other keys keep perKey", async () => {
    const key = await concurrencyLimits.override("compat-keyed", { concurrencyKey: "tenant-x", perKey: 0 });
    expect(key).toMatchObject({
      name: "compat-keyed",
      concurrencyKey: "tenant-x",
      running: 0,
      paused: false,
    });
    expect(key.perKey).toMatchObject({ current: 0, base: 1, override: 0 });
    // Seven days by default, from the engine's clock.
    const week = h.engine.clock.now().getTime() + 7 * 24 * 3600 * 1000;
    expect(Math.abs(key.perKey.expiresAt!.getTime() - week)).toBeLessThan(60_000);
    // The limit itself is untouched.
    expect((await concurrencyLimits.retrieve("compat-keyed")).perKey.override).toBeNull();

    const x = await tasks.trigger("compat.keyed", { ms: 1 }, { concurrencyKey: "tenant-x" });
    const y = await tasks.trigger("compat.keyed", { ms: 1 }, { concurrencyKey: "tenant-y" });
    expect((await settled(y.id)).status).toBe("COMPLETED");
    expect(await statusAfter(x.id, 500)).toBe("QUEUED");

    const cleared = await concurrencyLimits.reset("compat-keyed", { concurrencyKey: "tenant-x" });
    expect(cleared.perKey).toEqual({ current: 1, base: 1, override: null, expiresAt: null });
    expect((await settled(x.id)).status).toBe("COMPLETED");

    // Until it expires: a half-hour block, then the engine's clock half an hour on (within the
    // project's 1 h run TTL).
    await concurrencyLimits.override("compat-keyed", { concurrencyKey: "tenant-x", perKey: 0, ttl: "30m" });
    const later = await tasks.trigger("compat.keyed", { ms: 1 }, { concurrencyKey: "tenant-x" });
    expect(await statusAfter(later.id, 500)).toBe("QUEUED");
    await h.engine.clock.advance(30 * 60_000 + 1_000);
    expect((await settled(later.id)).status).toBe("COMPLETED");
    expect(
      (await concurrencyLimits.retrieve("compat-keyed", { concurrencyKey: "tenant-x" })).perKey.override,
    ).toBeNull();
  });

  it("refuses a per-key override past 30 days, total with a key, and no bound at all", async () => {
    await expect(
      concurrencyLimits.override("compat-keyed", { concurrencyKey: "k", perKey: 1, ttl: "31d" }),
    ).rejects.toThrow(/30 days/);
    await expect(
      concurrencyLimits.override("compat-keyed", { concurrencyKey: "k", total: 1 } as never),
    ).rejects.toThrow(/total/);
    await expect(concurrencyLimits.override("compat-keyed", {} as never)).rejects.toThrow(/perKey|total/);
    await expect(concurrencyLimits.override("compat-nope", { total: 1 })).rejects.toThrow(/not found/i);
  });
});

describe("queues.*", () => {
  it("lists the project's queues: tasks' own and custom ones, with their limits", async () => {
    const page = await queues.list({ perPage: 100 });
    const byName = new Map(page.data.map((q) => [q.name, q]));
    expect(byName.get("compat-lane")).toMatchObject({ type: "custom", concurrencyLimit: 1, paused: false });
    expect(byName.get("task/compat.free")).toMatchObject({
      type: "task",
      concurrencyLimit: null,
      running: 0,
    });
    expect(byName.has("task/compat.in-lane")).toBe(false); // it runs in compat-lane
    const lane = byName.get("compat-lane")!;
    expect(lane.id).toMatch(/^queue_/);
    // By id, by task id, by custom name; a wrong type or an unknown name is a 404.
    expect((await queues.retrieve(lane.id)).name).toBe("compat-lane");
    expect((await queues.retrieve({ type: "task", name: "compat.free" })).name).toBe("task/compat.free");
    expect((await queues.retrieve({ type: "custom", name: "compat-lane" })).id).toBe(lane.id);
    await expect(queues.retrieve({ type: "task", name: "compat-lane" })).rejects.toThrow(/not found/i);
    await expect(queues.retrieve("queue_nope")).rejects.toThrow(/not found/i);
  });

  it("a paused queue starts nothing until resumed; its runs are counted as queued", async () => {
    const paused = await queues.pause({ type: "task", name: "compat.free" });
    expect(paused.paused).toBe(true);
    const run = await tasks.trigger("compat.free", { ms: 1 });
    expect(await statusAfter(run.id, 700)).toBe("QUEUED");
    expect((await queues.retrieve({ type: "task", name: "compat.free" })).queued).toBe(1);
    // Other queues go on.
    expect((await settled((await tasks.trigger("compat.in-lane", { ms: 1 })).id)).status).toBe("COMPLETED");
    expect((await queues.resume({ type: "task", name: "compat.free" })).paused).toBe(false);
    expect((await settled(run.id)).status).toBe("COMPLETED");
  });

  it("overrideConcurrencyLimit replaces a queue's limit (or gives one), 0 blocks it, reset restores it", async () => {
    const over = await queues.overrideConcurrencyLimit({ type: "custom", name: "compat-lane" }, 2);
    expect(over.concurrencyLimit).toBe(2);
    expect(over.concurrency).toMatchObject({ current: 2, base: 1, override: 2 });
    let ids = [];
    for (let i = 0; i < 4; i++) ids.push((await tasks.trigger("compat.in-lane", { ms: 300 })).id);
    expect(maxOverlap(await allSettled(ids))).toBe(2);

    const back = await queues.resetConcurrencyLimit({ type: "custom", name: "compat-lane" });
    expect(back.concurrency).toMatchObject({ current: 1, base: 1, override: null, overriddenAt: null });
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await tasks.trigger("compat.in-lane", { ms: 150 })).id);
    expect(maxOverlap(await allSettled(ids))).toBe(1);

    // A task queue with no limit: one at a time once overridden to 1; none at 0.
    await queues.overrideConcurrencyLimit({ type: "task", name: "compat.free" }, 1);
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await tasks.trigger("compat.free", { ms: 150 })).id);
    expect(maxOverlap(await allSettled(ids))).toBe(1);
    await queues.overrideConcurrencyLimit({ type: "task", name: "compat.free" }, 0);
    const blocked = await tasks.trigger("compat.free", { ms: 1 });
    expect(await statusAfter(blocked.id, 700)).toBe("QUEUED");
    const reset = await queues.resetConcurrencyLimit({ type: "task", name: "compat.free" });
    expect(reset.concurrencyLimit).toBeNull();
    expect((await settled(blocked.id)).status).toBe("COMPLETED");
  });
});
