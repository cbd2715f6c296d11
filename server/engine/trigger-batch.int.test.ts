import { tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// Plain triggers arriving together are written by one grouped INSERT (core/trigger-batch.ts):
// each still gets its own run, and a row the database refuses fails only its own request.
let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.close());

describe("grouped trigger inserts", () => {
  it("30 triggers at once: 30 distinct runs with their own payloads and tags, all executed", async () => {
    const handles = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        tasks.trigger("fixture.hello", { name: `g${i}` }, { tags: [`group:${i}`] }),
      ),
    );
    expect(new Set(handles.map((r) => r.id)).size).toBe(30);
    const rows = await h.pool.query<{ friendly_id: string; payload: string; tags: string[] }>(
      "SELECT friendly_id, payload, tags FROM trigger_engine.runs WHERE friendly_id = ANY($1)",
      [handles.map((r) => r.id)],
    );
    const byId = new Map(rows.rows.map((r) => [r.friendly_id, r]));
    handles.forEach((r, i) => {
      // The SDK sends payloads as superjson.
      expect(JSON.parse(byId.get(r.id)!.payload)).toEqual({ json: { name: `g${i}` } });
      expect(byId.get(r.id)!.tags).toEqual([`group:${i}`]);
    });
    for (const r of handles) expect((await waitForRun(r.id)).status).toBe("COMPLETED");
  });

  it("a row the database refuses fails its own trigger only", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        tasks.trigger("fixture.hello", { name: `b${i}` }, { tags: [i === 3 ? "bad\u0000tag" : `bad:${i}`] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
    for (const id of ok) expect((await waitForRun(id)).status).toBe("COMPLETED");
  });
});
