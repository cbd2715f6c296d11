import { ApiClient } from "@trigger.dev/core/v3";
import { auth, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { hello } from "../../test/fixtures/trigger-project/src/trigger/basic.js";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("execute with the real SDK", () => {
  it("triggers, executes and retrieves a run", async () => {
    const handle = await tasks.trigger<typeof hello>("fixture.hello", { name: "ada" }, { tags: ["t:1"] });
    expect(handle.id).toMatch(/^run_/);
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ greeting: "hello ada", at: "2026-01-02T03:04:05.000Z", runId: handle.id });
    expect(run.payload).toEqual({ name: "ada" });
    expect(run.tags).toEqual(["t:1"]);
    expect(run.attemptCount).toBe(1);
  });

  it("answers 404 for an unknown task and never crashes on a bad body", async () => {
    await expect(tasks.trigger("fixture.nope", {})).rejects.toThrow(/not found/i);
    const res = await fetch(`${h.url}/api/v1/tasks/fixture.hello/trigger`, {
      method: "POST",
      headers: { authorization: "Bearer tr_dev_test", "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    const noAuth = await fetch(`${h.url}/api/v3/runs/run_x`);
    expect(noAuth.status).toBe(401);
  });

  it("concurrent triggers and tokens with one idempotency key all answer 200 with the same one", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${h.url}${path}`, {
        method: "POST",
        headers: { authorization: "Bearer tr_dev_test", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const triggers = await Promise.all(
      Array.from({ length: 12 }, () =>
        post("/api/v1/tasks/fixture.hello/trigger", {
          payload: { name: "race" },
          options: { idempotencyKey: "race-key" },
        }),
      ),
    );
    expect(triggers.map((r) => r.status)).toEqual(Array(12).fill(200));
    const runIds = await Promise.all(triggers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(runIds).size).toBe(1);
    const tokens = await Promise.all(
      Array.from({ length: 12 }, () =>
        post("/api/v1/waitpoints/tokens", { idempotencyKey: "race-token", timeout: "1h" }),
      ),
    );
    expect(tokens.map((r) => r.status)).toEqual(Array(12).fill(200));
    const tokenIds = await Promise.all(tokens.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(tokenIds).size).toBe(1);
  });

  it("lists runs with filters", async () => {
    const a = await tasks.trigger("fixture.hello", { name: "list" }, { tags: ["list:1"] });
    await waitForRun(a.id);
    const page = await runs.list({ tag: "list:1", status: ["COMPLETED"] });
    expect(page.data.map((r) => r.id)).toEqual([a.id]);

    // queue, isTest and the filters that are the same for every local run (version, machine,
    // region, bulk action): each narrows the list, none is ignored.
    const s = await tasks.trigger("fixture.serial", { i: 99 }, { tags: ["list:2"] });
    const t = await new ApiClient(h.url, "tr_dev_test").triggerTask("fixture.hello", {
      payload: { name: "test-run" },
      options: { tags: ["list:2"], test: true },
    });
    await Promise.all([waitForRun(s.id), waitForRun(t.id)]);
    const ids = async (q: Parameters<typeof runs.list>[0]) =>
      (await runs.list({ tag: "list:2", ...(q as object) })).data.map((r) => r.id).sort();
    expect(await ids({})).toEqual([s.id, t.id].sort());
    expect(await ids({ queue: { type: "custom", name: "fixture-serial" } })).toEqual([s.id]);
    expect(await ids({ queue: { type: "task", name: "fixture.hello" } })).toEqual([t.id]);
    expect(await ids({ isTest: true })).toEqual([t.id]);
    expect(await ids({ isTest: false })).toEqual([s.id]);
    expect(await ids({ version: "embedded" })).toEqual([s.id, t.id].sort());
    expect(await ids({ version: "20250101.1" })).toEqual([]);
    expect(await ids({ machine: "small-1x" })).toEqual([]);
    expect(await ids({ region: "eu-central-1" })).toEqual([]);
    expect(await ids({ bulkAction: "bulk_1" })).toEqual([]);
  });

  it("offloads packets of 128 KB or more to the engine's packet store", async () => {
    const blob = "y".repeat(200 * 1024);
    const handle = await tasks.trigger("fixture.big", { kb: 300, blob });
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    const out = run.output as { size: number; text: string };
    expect(out.size).toBe(blob.length);
    expect(out.text.length).toBe(300 * 1024);
    const unsigned = await fetch(`${h.url}/engine/v1/packet-store/x?sig=bad`);
    expect(unsigned.status).toBe(403);
  });

  it("public JWTs from auth.createPublicToken read only what their scopes name", async () => {
    const a = await tasks.trigger("fixture.hello", { name: "jwt" });
    const b = await tasks.trigger("fixture.hello", { name: "other" });
    const token = await auth.createPublicToken({ scopes: { read: { runs: [a.id] } } });
    const client = new ApiClient(h.url, token);
    expect((await client.retrieveRun(a.id)).id).toBe(a.id);
    await expect(client.retrieveRun(b.id)).rejects.toThrow();
    const write = await fetch(`${h.url}/api/v1/tasks/fixture.hello/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ payload: "{}" }),
    });
    expect(write.status).toBe(403);
    const forged = await fetch(`${h.url}/api/v3/runs/${a.id}`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(forged.status).toBe(401);
  });
});
