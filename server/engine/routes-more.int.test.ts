import { apiClientManager } from "@trigger.dev/core/v3";
import { runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.close());

describe("tags.add and wait.listTokens", () => {
  it("tags.add inside a run adds each tag once", async () => {
    const handle = await tasks.trigger("fixture.tagger", { tag: "added" }, { tags: ["initial"] });
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect((await runs.retrieve(handle.id)).tags).toEqual(["initial", "added", "added-second"]);
  });

  it("wait.listTokens filters by tag and status and pages", async () => {
    const a = await wait.createToken({ timeout: "1h", tags: ["lt:x"] });
    const b = await wait.createToken({ timeout: "1h", tags: ["lt:x"] });
    await wait.createToken({ timeout: "1h", tags: ["lt:other"] });
    await wait.completeToken(a.id, { ok: 1 });
    const all: string[] = [];
    for await (const t of wait.listTokens({ tags: ["lt:x"], limit: 1 })) all.push(t.id);
    expect(all).toEqual([b.id, a.id]);
    const waiting: string[] = [];
    for await (const t of wait.listTokens({ tags: "lt:x", status: "WAITING" })) waiting.push(t.id);
    expect(waiting).toEqual([b.id]);
    const bad = await fetch(`${h.url}/api/v1/waitpoints/tokens?filter[createdAt][from]=nonsense`, {
      headers: { authorization: "Bearer tr_dev_test" },
    });
    expect(bad.status).toBe(400);
  });

  it("a malformed percent-escape in a path is the caller's 400, not a 500", async () => {
    const auth = { headers: { authorization: "Bearer tr_dev_test" } };
    for (const path of [
      "/api/v3/runs/run_%E0%A4%A",
      "/api/v1/concurrency-limits/%ZZ",
      "/realtime/v1/streams/%E0%A4%A/x",
    ]) {
      const res = await fetch(`${h.url}${path}`, auth);
      expect(res.status, path).toBe(400);
    }
    const trigger = await fetch(`${h.url}/api/v1/tasks/fixture%25hello/trigger`, {
      method: "POST",
      headers: { ...auth.headers, "content-type": "application/json" },
      body: JSON.stringify({ payload: {} }),
    });
    expect(trigger.status).toBe(404); // "fixture%hello": no such task, and no second decode of it
  });

  it("a wait for a token asked from outside the run: 404 unless both the run and the token exist", async () => {
    const token = await wait.createToken({ timeout: "1h" });
    const run = await waitForRun((await tasks.trigger("fixture.hello", { name: "w" })).id);
    const ask = (runId: string, tokenId: string) =>
      fetch(`${h.url}/engine/v1/runs/${runId}/waitpoints/tokens/${tokenId}/wait`, {
        method: "POST",
        headers: { authorization: "Bearer tr_dev_test" },
      });
    expect((await ask(run.id, token.id)).status).toBe(200);
    expect((await ask("run_nosuchrun", token.id)).status).toBe(404);
    expect((await ask(run.id, "waitpoint_nosuchtoken")).status).toBe(404);
  });

  it("logger.* and logger.trace (span.setAttribute) do not fail the run", async () => {
    const run = await waitForRun((await tasks.trigger("fixture.traced", { n: 21 })).id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ doubled: 42 });
  });

  it("logger output is recorded per run, even for runs executing at once, and served as the run's trace", async () => {
    const handles = await Promise.all([1, 2, 3, 4, 5].map((n) => tasks.trigger("fixture.traced", { n })));
    for (const hd of handles) await waitForRun(hd.id);
    for (const [i, hd] of handles.entries()) {
      const { trace } = await apiClientManager.clientOrThrow().retrieveRunTrace(hd.id);
      expect(trace.rootSpan.data.message).toBe("fixture.traced");
      const lines = trace.rootSpan.children.map((c) => [c.data.level, c.data.message, c.data.properties?.n]);
      expect(lines).toEqual([
        ["INFO", "starting", i + 1],
        ["TRACE", "double", i + 1], // the span's own attribute (span.setAttribute)
        ["WARN", "done", undefined],
      ]);
      const logs = await h.engine.state.runLogs(hd.id);
      expect(logs.map((l) => l.message)).toEqual(["starting", "double", "done"]);
      expect(logs[1]!.durationMs).toBeGreaterThanOrEqual(0);
    }
    const denied = await fetch(`${h.url}/api/v1/runs/run_nope/trace`, {
      headers: { authorization: "Bearer tr_dev_test" },
    });
    expect(denied.status).toBe(404);
  });
});
