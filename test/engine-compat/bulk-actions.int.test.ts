import { batch, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

// `runs.bulk.*` through the real SDK: cancel and replay by filter or by ids, counts, abort, list,
// and `runs.list({ bulkAction })`.

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

async function listAll(filter: Parameters<typeof runs.list>[0]) {
  const out = [];
  for await (const r of runs.list(filter)) out.push(r);
  return out;
}

describe("runs.bulk", () => {
  it("cancels the runs a filter selects, counts them, and lists them by bulk action", async () => {
    const delayed = [];
    for (let i = 0; i < 5; i++)
      delayed.push(
        (await tasks.trigger("compat.echo", { v: `d${i}` }, { delay: "10m", tags: ["bulk-c"] })).id,
      );
    const done = await tasks.trigger("compat.echo", { v: "done" }, { tags: ["bulk-c"] });
    expect((await settled(done.id)).status).toBe("COMPLETED");

    const { id } = await runs.bulk.cancel({
      filter: { tag: "bulk-c", status: ["DELAYED"] },
      name: "clear the queue",
    });
    const action = await runs.bulk.poll(id, { pollIntervalMs: 50 });
    expect(action).toMatchObject({
      id,
      name: "clear the queue",
      type: "CANCEL",
      status: "COMPLETED",
      counts: { total: 5, success: 5, failure: 0 },
    });
    expect(action.completedAt).toBeInstanceOf(Date);
    for (const r of delayed) expect((await runs.retrieve(r)).status).toBe("CANCELED");
    expect((await runs.retrieve(done.id)).status).toBe("COMPLETED");
    expect((await listAll({ bulkAction: id })).map((r) => r.id).sort()).toEqual([...delayed].sort());
  });

  it("replays runs by id; a run that cannot be canceled counts as a failure", async () => {
    const ids = [];
    for (const v of ["r1", "r2"])
      ids.push((await tasks.trigger("compat.echo", { v }, { tags: ["bulk-r"] })).id);
    for (const r of ids) await settled(r);
    const replay = await runs.bulk.poll((await runs.bulk.replay({ runIds: ids })).id, { pollIntervalMs: 50 });
    expect(replay).toMatchObject({
      type: "REPLAY",
      status: "COMPLETED",
      counts: { total: 2, success: 2, failure: 0 },
    });
    const tagged = await listAll({ tag: "bulk-r" });
    expect(tagged).toHaveLength(4);
    for (const r of tagged) expect((await settled(r.id)).status).toBe("COMPLETED");
    const outputs = await Promise.all(tagged.map(async (r) => (await runs.retrieve(r.id)).output));
    expect(outputs.map((o) => (o as { v: string }).v).sort()).toEqual(["r1", "r1", "r2", "r2"]);

    const cancel = await runs.bulk.poll((await runs.bulk.cancel({ runIds: [ids[0]!, "run_nosuchrun"] })).id, {
      pollIntervalMs: 50,
    });
    expect(cancel.counts).toEqual({ total: 2, success: 0, failure: 2 });
  });

  it("abort stops an action between chunks; list shows the newest first", async () => {
    const many = await batch.trigger(
      Array.from({ length: 1_000 }, (_, i) => ({
        id: "compat.echo",
        payload: { v: `m${i}` },
        options: { delay: "10m", tags: ["bulk-a"] },
      })),
    );
    expect(many.runCount).toBe(1_000);
    const { id } = await runs.bulk.cancel({ filter: { tag: "bulk-a" } });
    await runs.bulk.abort(id);
    const aborted = await runs.bulk.retrieve(id);
    expect(aborted.status).toBe("ABORTED");
    expect(aborted.counts.total).toBe(1_000);
    expect(aborted.counts.success).toBeLessThan(1_000);
    // Nothing more is canceled after the abort (a chunk under way may still finish).
    await new Promise((r) => setTimeout(r, 500));
    const later = await runs.bulk.retrieve(id);
    await new Promise((r) => setTimeout(r, 500));
    expect((await runs.bulk.retrieve(id)).counts).toEqual(later.counts);
    const left = await listAll({ tag: "bulk-a", status: ["DELAYED"] });
    expect(left.length).toBe(1_000 - later.counts.success);
    await expect(runs.bulk.abort(id)).rejects.toThrow(/already aborted/);

    const page = await runs.bulk.list({ limit: 2 });
    expect(page.data.map((a) => a.id)[0]).toBe(id);
    expect(page.data).toHaveLength(2);
    await expect(runs.bulk.retrieve("bulk_nope")).rejects.toThrow(/not found/i);
  });

  it("a selection needs exactly one of filter or runIds, and a filter needs a value", async () => {
    await expect(runs.bulk.cancel({ filter: {} } as never)).rejects.toThrow(/filter/i);
    await expect(runs.bulk.cancel({ runIds: [] } as never)).rejects.toThrow(/400|runIds|filter/i);
  });
});
