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

  it("an insert of many runs sends one notification, a single run's names its run", async () => {
    const listener = await h.pool.connect();
    const seen: string[] = [];
    listener.on("notification", (m) => {
      if (m.channel === "trigger_engine_runs") seen.push(m.payload ?? "");
    });
    await listener.query("LISTEN trigger_engine_runs");
    try {
      // Rows no dequeue picks up (canceled, no available_at), so no later update notifies for them.
      const insert = (from: number, to: number) =>
        h.pool.query(
          `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, created_at, updated_at)
           SELECT 'notify_' || g, 'run_notify' || g, 'fixture.hello', 'CANCELED', 'task/fixture.hello', now(), now()
           FROM generate_series($1::int, $2::int) g`,
          [from, to],
        );
      await insert(1, 5);
      await insert(6, 6);
      await expect.poll(() => seen.some((p) => p.startsWith("run_notify6:"))).toBe(true);
      const seqs = await h.pool.query<{ friendly_id: string; seq: string }>(
        "SELECT friendly_id, seq::text FROM trigger_engine.runs WHERE id LIKE 'notify_%' ORDER BY friendly_id",
      );
      const seqOf = new Map(seqs.rows.map((r) => [r.friendly_id, r.seq]));
      const five = seqs.rows.filter((r) => r.friendly_id !== "run_notify6").map((r) => BigInt(r.seq));
      const highest = five.reduce((a, b) => (b > a ? b : a));
      expect(seen.filter((p) => p.startsWith(":"))).toEqual([`:${highest}:0`]);
      expect(seen.filter((p) => /^run_notify[1-5]:/.test(p))).toEqual([]);
      expect(seen).toContain(`run_notify6:${seqOf.get("run_notify6")}:0`);
    } finally {
      await listener.query("UNLISTEN *");
      listener.release();
    }
  });
});
