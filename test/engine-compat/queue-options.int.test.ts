import { batch, envvars, idempotencyKeys, runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, KEY, settled, startCompat } from "./harness.js";

let h: CompatHarness;
beforeAll(async () => {
  process.env.COMPAT_GREETING = "hello";
  process.env.COMPAT_API_KEY = "sekrit";
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

const MIN = 60_000;

describe("ttl: trigger option, task option, trigger.config.ts", () => {
  it("a run still queued when its TTL passes expires; the task's ttl beats the project's; ttl 0 disables it", async () => {
    const short = await tasks.trigger("compat.short-ttl", {}, { delay: "10m" });
    const project = await tasks.trigger("compat.project-ttl", {}, { delay: "10m" });
    const disabled = await tasks.trigger("compat.short-ttl", {}, { delay: "10m", ttl: 0 });
    await h.engine.clock.advance(10 * MIN + 31_000);
    expect((await settled(short.id)).status).toBe("EXPIRED");
    expect((await settled(project.id)).status).toBe("COMPLETED");
    expect((await settled(disabled.id)).status).toBe("COMPLETED");

    const late = await tasks.trigger("compat.project-ttl", {}, { delay: "10m" });
    await h.engine.clock.advance(10 * MIN + 60 * MIN + 1_000);
    expect((await settled(late.id)).status).toBe("EXPIRED");
    expect((await runs.retrieve(late.id)).ttl).toBe("1h");
  });
});

describe("debounce", () => {
  it("leading keeps the first payload, trailing the last; one run per key while it is delayed", async () => {
    const lead = [];
    const trail = [];
    for (const v of ["a", "b", "c"]) {
      lead.push(await tasks.trigger("compat.echo", { v }, { debounce: { key: "lead", delay: "1m" } }));
      trail.push(
        await tasks.trigger(
          "compat.echo",
          { v },
          { debounce: { key: "trail", delay: "1m", mode: "trailing" } },
        ),
      );
    }
    expect(new Set(lead.map((x) => x.id)).size).toBe(1);
    expect(new Set(trail.map((x) => x.id)).size).toBe(1);
    expect((await runs.retrieve(lead[0]!.id)).status).toBe("DELAYED");
    await h.engine.clock.advance(MIN + 1_000);
    expect((await settled(lead[0]!.id)).output).toEqual({ v: "a" });
    expect((await settled(trail[0]!.id)).output).toEqual({ v: "c" });
    // The key is free again once its run has started: the next trigger makes a new run.
    const again = await tasks.trigger("compat.echo", { v: "d" }, { debounce: { key: "lead", delay: "1m" } });
    expect(again.id).not.toBe(lead[0]!.id);
  });

  it("each trigger pushes the run back, but never past maxDelay from its first trigger", async () => {
    const opts = { debounce: { key: "max", delay: "1m", maxDelay: "90s" } };
    const first = await tasks.trigger("compat.echo", { v: "1" }, opts);
    await h.engine.clock.advance(20_000);
    const pushed = await tasks.trigger("compat.echo", { v: "2" }, opts);
    expect(pushed.id).toBe(first.id);
    await h.engine.clock.advance(45_000); // 65 s: the first delay alone would have fired at 60 s
    expect((await runs.retrieve(first.id)).status).toBe("DELAYED");
    const beyond = await tasks.trigger("compat.echo", { v: "3" }, opts); // 65 + 60 > 90: a new run
    expect(beyond.id).not.toBe(first.id);
    await h.engine.clock.advance(MIN);
    expect((await settled(first.id)).output).toEqual({ v: "1" });
    expect((await settled(beyond.id)).output).toEqual({ v: "3" });
  });

  it("a debounce delay under 1 s is refused", async () => {
    await expect(
      tasks.trigger("compat.echo", { v: "x" }, { debounce: { key: "bad", delay: "500ms" } }),
    ).rejects.toThrow(/debounce.delay/);
  });
});

describe("batch limit", () => {
  it("a batch of more than 1,000 items is refused as on Trigger.dev Cloud; 1,000 is accepted", async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ payload: { v: String(i) } }));
    await expect(tasks.batchTrigger("compat.echo", items)).rejects.toThrow(/exceeds maximum allowed of 1000/);
    const create = (runCount: number) =>
      fetch(`${h.url}/api/v3/batches`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ runCount }),
      });
    expect((await create(1000)).status).toBe(200);
    expect((await create(1001)).status).toBe(400);
  });
});

describe("batch items with their own idempotency keys", () => {
  it("an item whose key a run holds is stood in for by that run; the batch still completes", async () => {
    const key = await idempotencyKeys.create("compat-held", { scope: "global" });
    const held = await tasks.trigger("compat.echo", { v: "held" }, { idempotencyKey: key });
    await settled(held.id);
    const handle = await tasks.batchTrigger("compat.echo", [
      { payload: { v: "a" } },
      { payload: { v: "b" }, options: { idempotencyKey: key } },
      { payload: { v: "c" }, options: { idempotencyKey: key } },
    ]);
    const b = await batch.retrieve(handle.batchId);
    expect(b.runs).toHaveLength(3);
    expect(b.runs.slice(1)).toEqual([held.id, held.id]);
    expect((await settled(b.runs[0]!)).output).toEqual({ v: "a" });
    // Sealed with all three items (one new run), and done once that run is.
    for (let i = 0; i < 100 && (await batch.retrieve(handle.batchId)).status !== "COMPLETED"; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await batch.retrieve(handle.batchId)).status).toBe("COMPLETED");
  });

  it("batchTriggerAndWait gets the holder's result in the item's place, finished or finishing later", async () => {
    // The holder finished before the batch: the batch completes as it is sealed.
    const done = await idempotencyKeys.create("compat-done", { scope: "global" });
    const first = await tasks.trigger("compat.echo", { v: "held-done" }, { idempotencyKey: done });
    await settled(first.id);
    const p1 = await tasks.trigger("compat.keyed-batch-parent", {
      key: "compat-done",
      held: { task: "compat.echo", payload: { v: "not used" } },
    });
    expect((await settled(p1.id)).output).toEqual([{ v: "fresh-1" }, { v: "held-done" }, { v: "fresh-2" }]);

    // The holder still waits when the batch is sealed: its own finish completes the batch.
    const token = await wait.createToken({ timeout: "1h" });
    const waiting = await idempotencyKeys.create("compat-waiting", { scope: "global" });
    const holder = await tasks.trigger(
      "compat.await-token",
      { tokenId: token.id },
      { idempotencyKey: waiting },
    );
    const p2 = await tasks.trigger("compat.keyed-batch-parent", {
      key: "compat-waiting",
      held: { task: "compat.await-token", payload: { tokenId: "not used" } },
    });
    for (let i = 0; i < 100 && (await runs.retrieve(p2.id)).status !== "WAITING"; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await runs.retrieve(p2.id)).status).toBe("WAITING");
    await wait.completeToken(token.id, { answer: "late" });
    expect((await settled(holder.id)).output).toEqual({ answer: "late" });
    expect((await settled(p2.id)).output).toEqual([{ v: "fresh-1" }, { answer: "late" }, { v: "fresh-2" }]);
  });

  it("an item whose key has expired gets a run of its own", async () => {
    const key = await idempotencyKeys.create("compat-expiring", { scope: "global" });
    const old = await tasks.trigger(
      "compat.echo",
      { v: "old" },
      { idempotencyKey: key, idempotencyKeyTTL: "5s" },
    );
    await settled(old.id);
    await h.engine.clock.advance(10_000);
    const handle = await tasks.batchTrigger("compat.echo", [
      { payload: { v: "new" }, options: { idempotencyKey: key } },
    ]);
    const [id] = (await batch.retrieve(handle.batchId)).runs;
    expect(id).not.toBe(old.id);
    expect((await settled(id!)).output).toEqual({ v: "new" });
  });
});

describe("runs.replay with options", () => {
  it("keeps the original's options unless the call gives others: delay, ttl, idempotency key, payload", async () => {
    const original = await tasks.trigger("compat.echo", { v: "a" }, { ttl: "20m", tags: ["orig"] });
    expect((await settled(original.id)).status).toBe("COMPLETED");

    // Delayed by the call, with the original's ttl (counted from the end of the delay).
    const later = await runs.replay(original.id, { delay: "10m" });
    const pending = await runs.retrieve(later.id);
    expect(pending.status).toBe("DELAYED");
    expect(pending.ttl).toBe("20m");
    expect(pending.tags).toEqual(["orig"]);
    await h.engine.clock.advance(10 * MIN + 1_000);
    expect((await settled(later.id)).output).toEqual({ v: "a" });

    // Another payload and an idempotency key: replaying again with the key gives the same run.
    const keyed = await runs.replay(original.id, {
      payload: { v: "b" },
      idempotencyKey: "replay-once",
      ttl: 0,
    });
    const again = await runs.replay(original.id, { payload: { v: "c" }, idempotencyKey: "replay-once" });
    expect(again.id).toBe(keyed.id);
    expect((await settled(keyed.id)).output).toEqual({ v: "b" });
  });
});

describe("envvars (read from the engine's process environment)", () => {
  it("lists and retrieves variables from the backend and inside a run; secrets redacted; writes refused", async () => {
    const all = await envvars.list("proj_engine_compat", "dev");
    expect(all).toContainEqual({ name: "COMPAT_GREETING", value: "hello", isSecret: false });
    expect(all).toContainEqual({ name: "COMPAT_API_KEY", value: "<redacted>", isSecret: true });
    const run = await tasks.trigger("compat.read-env", { name: "COMPAT_GREETING" });
    expect((await settled(run.id)).output).toEqual({ value: "hello", isSecret: false });
    await expect(envvars.retrieve("proj_engine_compat", "dev", "NOPE_NOT_SET")).rejects.toThrow();
    await expect(envvars.create("proj_engine_compat", "dev", { name: "X", value: "y" })).rejects.toThrow(
      /process environment/,
    );
  });
});
