import { ApiClient } from "@trigger.dev/core/v3";
import { generateJWT } from "@trigger.dev/core/v3/jwt";
import { auth, batch, runs, tasks, wait } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

// What a browser holding a public (read-only) token can reach, over real HTTP with the real SDK.
let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.close());

const get = (path: string, token: string) =>
  fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function bigRun(): Promise<{ id: string; packetPath: string }> {
  const handle = await tasks.trigger("fixture.big", { kb: 1, blob: "z".repeat(200 * 1024) });
  await waitForRun(handle.id);
  const row = await h.pool.query<{ payload: string }>(
    "SELECT payload FROM trigger_engine.runs WHERE friendly_id = $1 AND payload_type = 'application/store'",
    [handle.id],
  );
  expect(row.rows[0]).toBeDefined();
  return { id: handle.id, packetPath: row.rows[0]!.payload };
}

describe("public tokens and presigned URLs", () => {
  it("a run-scoped token reads its run, not others, nor their batches", async () => {
    const a = await tasks.trigger("fixture.hello", { name: "mine" });
    const b = await tasks.trigger("fixture.hello", { name: "not mine" });
    const token = await auth.createPublicToken({ scopes: { read: { runs: [a.id] } } });
    expect((await get(`/api/v3/runs/${a.id}`, token)).status).toBe(200);
    expect((await get(`/api/v3/runs/${b.id}`, token)).status).toBe(404);
    expect((await get(`/api/v1/runs/${b.id}/metadata`, token)).status).toBe(404);
    const listed = await new ApiClient(h.url, token).listRuns({ limit: 100 });
    expect(listed.data.map((r) => r.id)).toEqual([a.id]);
    const handle = await batch.trigger([{ id: "fixture.hello", payload: { name: "in batch" } }]);
    expect((await get(`/api/v2/batches/${handle.batchId}`, token)).status).toBe(404);
    const batchToken = await auth.createPublicToken({ scopes: { read: { batch: handle.batchId } } });
    expect((await get(`/api/v2/batches/${handle.batchId}`, batchToken)).status).toBe(200);
  });

  it("a presigned packet URL binds method, path and expiry, and only readable runs' packets are signed", async () => {
    const { id, packetPath } = await bigRun();
    const other = await tasks.trigger("fixture.hello", { name: "x" });
    const enc = encodeURIComponent(packetPath);
    const foreign = await auth.createPublicToken({ scopes: { read: { runs: [other.id] } } });
    expect((await get(`/api/v1/packets/${enc}`, foreign)).status).toBe(404);
    const anyPath = await get(`/api/v1/packets/${encodeURIComponent("some/other/path.json")}`, foreign);
    expect(anyPath.status).toBe(404);
    const putUrl = await fetch(`${h.url}/api/v2/packets/${enc}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${foreign}` },
    });
    expect(putUrl.status).toBe(403);

    const mine = await auth.createPublicToken({ scopes: { read: { runs: [id] } } });
    const signed = await get(`/api/v1/packets/${enc}`, mine);
    expect(signed.status).toBe(200);
    const { presignedUrl } = (await signed.json()) as { presignedUrl: string };
    const read = await fetch(presignedUrl);
    expect(read.status).toBe(200);
    expect((await read.text()).length).toBeGreaterThan(200 * 1024);
    // The GET URL cannot overwrite the packet.
    const overwrite = await fetch(presignedUrl, { method: "PUT", body: '{"json":"evil"}' });
    expect(overwrite.status).toBe(403);
    // Moving the expiry invalidates the signature.
    const later = new URL(presignedUrl);
    later.searchParams.set("exp", String(Number(later.searchParams.get("exp")) + 86_400));
    expect((await fetch(later)).status).toBe(403);
    const retrieved = await runs.retrieve(id);
    expect((retrieved.payload as { blob: string }).blob.length).toBe(200 * 1024);
  });

  it("a waitpoint token is readable only with its own scope, and its callback URL stays secret", async () => {
    const t1 = await wait.createToken({ timeout: "1h", tags: ["pt:1"] });
    const t2 = await wait.createToken({ timeout: "1h", tags: ["pt:2"] });
    expect(t1.url).toContain("/callback/");
    const own = await get(`/api/v1/waitpoints/tokens/${t1.id}`, t1.publicAccessToken);
    expect(own.status).toBe(200);
    const body = (await own.json()) as { id: string; url: string };
    expect(body.id).toBe(t1.id);
    expect(body.url).toBe("");
    expect((await get(`/api/v1/waitpoints/tokens/${t2.id}`, t1.publicAccessToken)).status).toBe(404);
    const run = await tasks.trigger("fixture.hello", { name: "r" });
    const runToken = await auth.createPublicToken({ scopes: { read: { runs: [run.id], tags: ["pt:2"] } } });
    expect((await get(`/api/v1/waitpoints/tokens/${t2.id}`, runToken)).status).toBe(404);
    // Nor can a public token complete one.
    const complete = await fetch(`${h.url}/api/v1/waitpoints/tokens/${t2.id}/complete`, {
      method: "POST",
      headers: { authorization: `Bearer ${runToken}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { answer: "forged" } }),
    });
    expect(complete.status).toBe(403);
    expect((await wait.retrieveToken(t2.id)).status).toBe("WAITING");
    expect((await wait.retrieveToken(t2.id)).url).toContain("/callback/");
  });

  it("a key minted for an attempt that has ended is refused", async () => {
    const res = await fetch(`${h.url}/api/v1/tasks/fixture.hello/trigger`, {
      method: "POST",
      headers: {
        authorization: "Bearer tr_dev_run_run_abc123_1_deadbeef",
        "content-type": "application/json",
      },
      body: JSON.stringify({ payload: '{"name":"late"}' }),
    });
    expect(res.status).toBe(401);
  });
});

describe("keys", () => {
  it("a public token signed with the client's own tr_dev_ key works (open mode)", async () => {
    const { configure } = await import("@trigger.dev/sdk");
    configure({ baseURL: h.url, accessToken: "tr_dev_client_own_key" });
    try {
      const handle = await tasks.trigger("fixture.hello", { name: "own key" });
      const run = await waitForRun(handle.id);
      const viaHandle = await get(`/api/v3/runs/${run.id}`, handle.publicAccessToken);
      expect(viaHandle.status).toBe(200);
      const token = await auth.createPublicToken({ scopes: { read: { runs: [run.id] } } });
      expect((await get(`/api/v3/runs/${run.id}`, token)).status).toBe(200);
      const other = await tasks.trigger("fixture.hello", { name: "other" });
      expect((await get(`/api/v3/runs/${other.id}`, token)).status).toBe(404);
      // A key no client ever used here signs nothing the engine accepts.
      const forged = await generateJWT({
        secretKey: "tr_dev_never_used_here",
        payload: { pub: true, sub: "env_embedded", scopes: [`read:runs:${run.id}`] },
        expirationTime: "15m",
      });
      expect((await get(`/api/v3/runs/${run.id}`, forged)).status).toBe(401);
    } finally {
      configure({ baseURL: h.url, accessToken: "tr_dev_test" });
    }
  });
});
