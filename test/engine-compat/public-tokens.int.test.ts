import { ApiClient, stringifyIO } from "@trigger.dev/core/v3";
import { auth, batch, runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

// What @trigger.dev/react-hooks does in a browser, call for call: `useTaskTrigger` is
// `new ApiClient(baseURL, publicToken).triggerTask(id, {payload, options})`, `useRealtimeTaskTrigger`
// then subscribes with the handle's publicAccessToken, `useWaitToken` is `completeWaitpointToken`.
let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

async function browserTrigger(token: string, v: string) {
  const packet = await stringifyIO({ v });
  return new ApiClient(h.url, token).triggerTask("compat.echo", {
    payload: packet.data,
    options: { payloadType: packet.dataType },
  });
}

describe("writes with public tokens", () => {
  it("createTriggerPublicToken lets a browser trigger that task once (one-time by default)", async () => {
    const token = await auth.createTriggerPublicToken("compat.echo");
    const handle = await browserTrigger(token, "from-browser");
    expect((await settled(handle.id)).output).toEqual({ v: "from-browser" });
    await expect(browserTrigger(token, "again")).rejects.toMatchObject({ status: 401 });

    const many = await auth.createTriggerPublicToken("compat.echo", { multipleUse: true });
    await browserTrigger(many, "1");
    await browserTrigger(many, "2");
  });

  it("a token for another task, or a read-only token, cannot trigger", async () => {
    const other = await auth.createTriggerPublicToken("compat.project-ttl");
    await expect(browserTrigger(other, "x")).rejects.toMatchObject({ status: 403 });
    const read = await auth.createPublicToken({ scopes: { read: { runs: true } } });
    await expect(browserTrigger(read, "x")).rejects.toMatchObject({ status: 403 });
  });

  it("useRealtimeTaskTrigger: the handle's publicAccessToken follows the run to completion", async () => {
    const token = await auth.createTriggerPublicToken("compat.echo");
    const handle = await browserTrigger(token, "live");
    const seen: string[] = [];
    for await (const run of new ApiClient(h.url, handle.publicAccessToken).subscribeToRun(handle.id)) {
      seen.push(run.status);
      if (run.finishedAt) {
        expect(run.output).toEqual({ v: "live" });
        break;
      }
    }
    expect(seen.at(-1)).toBe("COMPLETED");
  });

  it("useWaitToken: the token's publicAccessToken completes it, and only it", async () => {
    const token = await wait.createToken({ timeout: "1h" });
    const other = await wait.createToken({ timeout: "1h" });
    const run = await tasks.trigger("compat.await-token", { tokenId: token.id });
    const browser = new ApiClient(h.url, token.publicAccessToken);
    await expect(browser.completeWaitpointToken(other.id, { data: { answer: "no" } })).rejects.toMatchObject({
      status: 403,
    });
    await browser.completeWaitpointToken(token.id, { data: { answer: "yes" } });
    expect((await settled(run.id)).output).toEqual({ answer: "yes" });
    expect((await runs.retrieve(run.id)).status).toBe("COMPLETED");
  });

  it("createBatchTriggerPublicToken lets a browser batch trigger that task once", async () => {
    const token = await auth.createBatchTriggerPublicToken("compat.echo");
    const handle = await auth.withAuth({ accessToken: token }, () =>
      tasks.batchTrigger("compat.echo", [{ payload: { v: "b1" } }, { payload: { v: "b2" } }]),
    );
    expect(handle.runCount).toBe(2);
    // The handle's publicAccessToken reads the batch (signed by the engine, not with the public token).
    const seen = await auth.withAuth({ accessToken: handle.publicAccessToken }, () =>
      batch.retrieve(handle.batchId),
    );
    expect(seen.runs).toHaveLength(2);
    const outputs = await Promise.all(seen.runs.map(async (id) => (await settled(id)).output));
    expect(outputs).toEqual([{ v: "b1" }, { v: "b2" }]);
    await expect(
      auth.withAuth({ accessToken: token }, () =>
        tasks.batchTrigger("compat.echo", [{ payload: { v: "again" } }]),
      ),
    ).rejects.toMatchObject({ name: "BatchTriggerError", apiError: { status: 401 } });

    const many = await auth.createBatchTriggerPublicToken(["compat.echo"], { multipleUse: true });
    for (const v of ["m1", "m2"]) {
      const h2 = await auth.withAuth({ accessToken: many }, () =>
        tasks.batchTrigger("compat.echo", [{ payload: { v } }]),
      );
      const [id] = (await batch.retrieve(h2.batchId)).runs;
      expect((await settled(id!)).output).toEqual({ v });
    }
  });

  it("a batch token for another task, a trigger token or a read token cannot batch trigger", async () => {
    const tokens = [
      await auth.createBatchTriggerPublicToken("compat.project-ttl"),
      await auth.createTriggerPublicToken("compat.echo"),
      await auth.createPublicToken({ scopes: { read: { runs: true } } }),
    ];
    for (const accessToken of tokens) {
      await expect(
        auth.withAuth({ accessToken }, () => tasks.batchTrigger("compat.echo", [{ payload: { v: "no" } }])),
      ).rejects.toMatchObject({ name: "BatchTriggerError", apiError: { status: 403 } });
    }
    // Announced tasks are checked when the batch opens; each streamed item again.
    const echoOnly = await auth.createBatchTriggerPublicToken("compat.echo", { multipleUse: true });
    const browser = new ApiClient(h.url, echoOnly);
    await expect(
      browser.createBatch({ runCount: 1, taskIdentifiers: ["compat.project-ttl"] }),
    ).rejects.toMatchObject({ status: 403 });
    const opened = await browser.createBatch({ runCount: 1 });
    const packet = await stringifyIO({ v: "x" });
    await expect(
      browser.streamBatchItems(opened.id, [
        {
          index: 0,
          task: "compat.project-ttl",
          payload: packet.data,
          options: { payloadType: packet.dataType },
        },
      ]),
    ).rejects.toMatchObject({ status: 403 });
    expect((await batch.retrieve(opened.id)).runs).toHaveLength(0);
  });

  it("a batch opened with one public token takes no items from another", async () => {
    const a = new ApiClient(h.url, await auth.createBatchTriggerPublicToken("compat.echo"));
    const b = new ApiClient(
      h.url,
      await auth.createBatchTriggerPublicToken("compat.echo", { multipleUse: true }),
    );
    const opened = await a.createBatch({ runCount: 1 });
    const packet = await stringifyIO({ v: "x" });
    const item = {
      index: 0,
      task: "compat.echo",
      payload: packet.data,
      options: { payloadType: packet.dataType },
    };
    await expect(b.streamBatchItems(opened.id, [item])).rejects.toMatchObject({ status: 404 });
    await expect(
      new ApiClient(
        h.url,
        await auth.createPublicToken({ scopes: { read: { runs: true } } }),
      ).streamBatchItems(opened.id, [item]),
    ).rejects.toMatchObject({ status: 404 });
    // The token that opened it (one-time, spent by the opening) streams them.
    expect(await a.streamBatchItems(opened.id, [item])).toMatchObject({ itemsAccepted: 1, sealed: true });
  });
});
