import { ApiClient, stringifyIO } from "@trigger.dev/core/v3";
import { auth, runs, tasks, wait } from "@trigger.dev/sdk";
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
});
