import { envvars, runs, tasks } from "@trigger.dev/sdk";
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
