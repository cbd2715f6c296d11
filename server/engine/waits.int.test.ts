import { batch, runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function metadataOf(id: string, key: string): Promise<unknown> {
  for (let i = 0; i < 200; i++) {
    const run = await runs.retrieve(id);
    if (run.metadata?.[key] !== undefined) return run.metadata[key];
    await new Promise((r) => setTimeout(r, 50));
  }
  const run = await runs.retrieve(id);
  throw new Error(
    `metadata ${key} never appeared on ${id}: ${run.status} ${JSON.stringify(run.error)} ${JSON.stringify(run.metadata)}`,
  );
}

describe("durable waits", () => {
  it("wait.for releases the slot and continues in place", async () => {
    const handle = await tasks.trigger("fixture.wait-for", { seconds: 6, key: "wf1" });
    const waiting = await waitForRun(handle.id, { status: "WAITING" });
    expect(waiting.isWaiting).toBe(true);
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    // The attempt was parked in memory and continued: nothing before the wait ran again.
    expect(await h.effects("wf1:")).toEqual([
      { key: "wf1:after", n: 1 },
      { key: "wf1:before", n: 1 },
    ]);
    expect(run.finishedAt!.getTime() - run.createdAt.getTime()).toBeGreaterThanOrEqual(5_000);
  });

  // Waits over 5 s go through the engine (shorter ones the SDK sleeps in-process).
  it("a re-executed run may skip keyed waits it is past: the next keyed wait is still its own", async () => {
    const handle = await tasks.trigger("fixture.skip-behind", { key: "skip1", seconds: 6 });
    const run = await waitForRun(handle.id, { timeoutMs: 45_000 });
    expect(run.status).toBe("COMPLETED");
    expect(await h.effects("skip1:")).toEqual([
      { key: "skip1:done1", n: 1 },
      { key: "skip1:done2", n: 1 },
      { key: "skip1:done3", n: 1 },
    ]);
    // Journaled by position, step 3's wait would have been handed step 2's (done) waitpoint.
    expect(run.finishedAt!.getTime() - run.createdAt.getTime()).toBeGreaterThanOrEqual(18_000);
  }, 60_000);

  it("a token completed from the backend resumes the run with its data", async () => {
    const handle = await tasks.trigger("fixture.wait-token", { timeout: "1h", key: "tok1" });
    const tokenId = (await metadataOf(handle.id, "tokenId")) as string;
    await waitForRun(handle.id, { status: "WAITING" });
    const before = await wait.retrieveToken(tokenId);
    expect(before.status).toBe("WAITING");
    await wait.completeToken(tokenId, { answer: "yes" });
    const run = await waitForRun(handle.id);
    expect(run.output).toEqual({ timedOut: false, answer: "yes" });
    expect((await wait.retrieveToken(tokenId)).status).toBe("COMPLETED");
    expect(await h.effects("tok1:")).toEqual([{ key: "tok1:token-created", n: 1 }]);
  });

  it("a token times out with a WaitpointTimeoutError", async () => {
    const run = await waitForRun(
      (await tasks.trigger("fixture.wait-token", { timeout: "1s", key: "tok2" })).id,
    );
    expect(run.output).toMatchObject({ timedOut: true });
    expect((run.output as { message: string }).message).toMatch(/timed out/i);
  });

  it("a token's idempotency key answers the live token, also for calls at once, and a new one once it expired", async () => {
    const key = `idem-${Date.now()}`;
    const a = await wait.createToken({ timeout: "1h", idempotencyKey: key, idempotencyKeyTTL: "1h" });
    const b = await wait.createToken({ timeout: "1h", idempotencyKey: key, idempotencyKeyTTL: "1h" });
    expect(a.isCached).toBe(false);
    expect(b).toMatchObject({ id: a.id, isCached: true });

    const together = await Promise.all(
      Array.from({ length: 6 }, () => wait.createToken({ timeout: "1h", idempotencyKey: `${key}-race` })),
    );
    expect(new Set(together.map((t) => t.id)).size).toBe(1);
    expect(together.filter((t) => !t.isCached)).toHaveLength(1);

    const short = await wait.createToken({
      timeout: "1h",
      idempotencyKey: `${key}-ttl`,
      idempotencyKeyTTL: "1s",
    });
    await new Promise((r) => setTimeout(r, 1_200));
    const after = await wait.createToken({
      timeout: "1h",
      idempotencyKey: `${key}-ttl`,
      idempotencyKeyTTL: "1s",
    });
    expect(after.isCached).toBe(false);
    expect(after.id).not.toBe(short.id);
  });

  it("inside a run, a second token under the same key is the first one (isCached)", async () => {
    const run = await waitForRun(
      (await tasks.trigger("fixture.token-twice", { key: `twice-${Date.now()}` })).id,
    );
    const out = run.output as { first: string; second: string; cached: boolean[] };
    expect(out.second).toBe(out.first);
    expect(out.cached).toEqual([false, true]);
  });

  it("the token callback url completes the token", async () => {
    const token = await wait.createToken({ timeout: "10m" });
    const res = await fetch(token.url, { method: "POST", body: JSON.stringify({ via: "callback" }) });
    expect(res.status).toBe(200);
    const got = await wait.retrieveToken(token.id);
    expect(got.status).toBe("COMPLETED");
    expect(got.output).toEqual({ via: "callback" });
    const bad = await fetch(`${token.url}x`, { method: "POST", body: "{}" });
    expect(bad.status).toBe(404);
  });

  it("applies metadata operations and returns the merged object", async () => {
    const run = await waitForRun(
      (await tasks.trigger("fixture.metadata", { steps: 3 }, { metadata: { start: true } })).id,
    );
    expect(run.metadata).toEqual({ start: true, count: 3, items: ["i0", "i1", "i2"], progress: 1 });
  });

  it("keeps the operations of a flush still on the wire when the run returns", async () => {
    const handles = await Promise.all(
      [1, 2, 3].map((steps) => tasks.trigger("fixture.metadata", { steps, flushInFlight: true })),
    );
    for (const [i, handle] of handles.entries()) {
      const run = await waitForRun(handle.id);
      expect(run.status).toBe("COMPLETED");
      expect(run.metadata).toEqual({
        count: i + 1,
        items: Array.from({ length: i + 1 }, (_, k) => `i${k}`),
        progress: 1,
      });
    }
  });
});

describe("children and batches", () => {
  it("triggerAndWait and batchTriggerAndWait return child results; parent/root metadata lands", async () => {
    const handle = await tasks.trigger("fixture.parent", { n: 5 });
    const run = await waitForRun(handle.id, { timeoutMs: 30_000 });
    expect(run.output).toEqual({ squared: 25, atIsDate: true, batch: [4, "error:child 3 failed"] });
    // The failing child ran 3 attempts (config retries); each attempt's flushed operations count.
    expect(run.metadata?.childCount).toBe(5);
    expect([...((run.metadata?.seen ?? []) as number[])].sort()).toEqual([2, 3, 3, 3, 5]);
    expect(run.relatedRuns.children?.length).toBe(3);
  });

  it("a child triggered from task code is placed under its caller: parent, root and depth", async () => {
    const top = await tasks.trigger("fixture.chain", { levels: 3 });
    const ids = (await waitForRun(top.id, { timeoutMs: 30_000 })).output as string[];
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(top.id);
    for (const [depth, id] of ids.entries()) {
      const run = await runs.retrieve(id);
      expect(run.depth).toBe(depth);
      expect(run.relatedRuns.parent?.id).toBe(depth === 0 ? undefined : ids[depth - 1]);
      expect(run.relatedRuns.root?.id).toBe(depth === 0 ? undefined : ids[0]);
    }
    // Each child's RUN waitpoint was made with it (in the trigger's statement), and only that one:
    // the parent's wait parked on it, completed when the child finished.
    const wps = await h.pool.query<{ run: string; n: string; done: string }>(
      `SELECT completed_by_run_id AS run, count(*) AS n, count(completed_at) AS done
       FROM trigger_engine.waitpoints WHERE completed_by_run_id = ANY($1) GROUP BY 1`,
      [ids.slice(1)],
    );
    expect(wps.rows.map((r) => [r.run, Number(r.n), Number(r.done)]).sort()).toEqual(
      ids
        .slice(1)
        .map((id) => [id, 1, 1])
        .sort(),
    );
  });

  it("batchTrigger creates one run per item, retrievable as a batch", async () => {
    const run = await waitForRun((await tasks.trigger("fixture.fan-out", { count: 5 })).id);
    const batchId = (run.output as { batchId: string }).batchId;
    const b = await batch.retrieve(batchId);
    expect(b.runCount).toBe(5);
    expect(b.runs.length).toBe(5);
    for (const id of b.runs) expect((await waitForRun(id)).status).toBe("COMPLETED");
    const direct = await tasks.batchTrigger("fixture.hello", [
      { payload: { name: "a" } },
      { payload: { name: "b" } },
    ]);
    expect(direct.runCount).toBe(2);
  });
});

describe("many runs interleaved in one process", () => {
  it("every wait, metadata write and child trigger lands on its own run", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `iso${i}`);
    const handles = await Promise.all(keys.map((key) => tasks.trigger("fixture.isolation", { key })));
    const tokens = await Promise.all(handles.map((hd) => metadataOf(hd.id, "tokenId")));
    for (const [i, hd] of handles.entries()) {
      const run = await waitForRun(hd.id, { status: "WAITING" });
      expect(run.metadata?.key).toBe(keys[i]);
      const childId = run.metadata?.childId as string;
      const child = await runs.retrieve(childId);
      expect(child.tags).toEqual([`iso-child:${keys[i]}`]);
      expect(child.relatedRuns.parent?.id).toBe(hd.id);
    }
    await Promise.all(tokens.map((t, i) => wait.completeToken(t as string, { key: keys[i] })));
    for (const [i, hd] of handles.entries()) {
      const run = await waitForRun(hd.id);
      expect(run.output).toEqual({ key: keys[i], runId: hd.id, echoed: keys[i] });
    }
    // Backend calls made here, in the same process, carry no run context.
    const plain = await tasks.trigger("fixture.hello", { name: "backend" });
    expect((await runs.retrieve(plain.id)).relatedRuns.parent).toBeUndefined();
  });
});
