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

  it("a batch's item stream is inserted set-based: a retried stream adds nothing, keys and bad input hold", async () => {
    const api = async (path: string, body: string, type = "application/json") => {
      const res = await fetch(`${h.url}${path}`, {
        method: "POST",
        headers: { authorization: "Bearer tr_dev_test", "content-type": type },
        body,
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const lines = (items: Array<{ index: number; task?: string; key?: string }>) =>
      items
        .map((i) =>
          JSON.stringify({
            index: i.index,
            task: i.task ?? "fixture.hello",
            payload: JSON.stringify({ name: `item${i.index}` }),
            options: { payloadType: "application/json", ...(i.key ? { idempotencyKey: i.key } : {}) },
          }),
        )
        .join("\n");
    const keyed = await tasks.trigger(
      "fixture.hello",
      { name: "keyed" },
      { idempotencyKey: "batch-item-key" },
    );
    // The SDK sends a hash of the key: the item carries what the run holds.
    const held = await h.pool.query<{ idempotency_key: string }>(
      "SELECT idempotency_key FROM trigger_engine.runs WHERE friendly_id = $1",
      [keyed.id],
    );
    const key = held.rows[0]!.idempotency_key;
    const created = await api("/api/v3/batches", JSON.stringify({ runCount: 6 }));
    expect(created.status).toBe(200);
    const items = `/api/v3/batches/${created.json.id}/items`;
    // Out of range, or an unknown task: refused whole, nothing stored.
    expect((await api(items, lines([{ index: 6 }]), "application/x-ndjson")).status).toBe(400);
    expect(
      (await api(items, lines([{ index: 0 }, { index: 1, task: "nope" }]), "application/x-ndjson")).status,
    ).toBe(404);
    const first = await api(
      items,
      lines([{ index: 0 }, { index: 1 }, { index: 2, key }]),
      "application/x-ndjson",
    );
    expect(first.json).toMatchObject({ itemsAccepted: 3, itemsDeduplicated: 0, sealed: false });
    // The SDK retries a stream from the start: stored indexes (and a repeated one) are deduplicated.
    const retried = await api(
      items,
      lines([{ index: 0 }, { index: 1 }, { index: 3 }, { index: 3 }, { index: 4 }, { index: 5 }]),
      "application/x-ndjson",
    );
    expect(retried.json).toMatchObject({ itemsAccepted: 3, itemsDeduplicated: 3 });
    const rows = await h.pool.query<{ batch_index: number; payload: string }>(
      "SELECT batch_index, payload FROM trigger_engine.runs WHERE batch_id = $1 ORDER BY batch_index",
      [created.json.id],
    );
    // Index 2 carried the key a run already holds: that run stands for it, no second one.
    expect(rows.rows.map((r) => r.batch_index)).toEqual([0, 1, 3, 4, 5]);
    expect(JSON.parse(rows.rows[3]!.payload)).toEqual({ name: "item4" });
    const holders = await h.pool.query("SELECT 1 FROM trigger_engine.runs WHERE idempotency_key = $1", [key]);
    expect(holders.rowCount).toBe(1);
    const standIns = await h.pool.query<{ batch_index: number; run_id: string }>(
      "SELECT batch_index, run_id FROM trigger_engine.batch_items WHERE batch_id = $1",
      [created.json.id],
    );
    expect(standIns.rows).toEqual([{ batch_index: 2, run_id: keyed.id }]);
    // Five runs of its own and the stand-in: all six items, so the batch is sealed.
    expect(retried.json).toMatchObject({ sealed: true });
    expect((await waitForRun(keyed.id)).status).toBe("COMPLETED");
  });
});
