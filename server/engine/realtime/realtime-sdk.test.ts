import { ApiClient, generateJWT, stringifyIO } from "@trigger.dev/core/v3";
import { auth, configure, runs } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  newRun,
  type RealtimeTestServer,
  startRealtimeTestServer,
  TEST_SECRET_KEY,
} from "./realtime-test-kit.js";

// The consumer is the real SDK (runs.subscribeToRun / subscribeToRunsWithTag and the ApiClient
// that @trigger.dev/react-hooks builds), talking HTTP to the real handler.

let server: RealtimeTestServer;

beforeAll(async () => {
  server = await startRealtimeTestServer(1500);
  configure({ baseURL: server.baseURL, accessToken: TEST_SECRET_KEY });
});

afterAll(async () => {
  await server.close();
});

describe("runs.subscribeToRun over the realtime handler", () => {
  it("follows a run from QUEUED to COMPLETED with metadata and a superjson output, then ends", async () => {
    const payload = await stringifyIO({ episodeId: "ep_1" });
    const run = server.source.put(newRun({ payload: payload.data ?? null, payloadType: payload.dataType }));
    const seen: Awaited<ReturnType<typeof runs.retrieve>>[] = [];
    const statuses: string[] = [];
    const done = (async () => {
      for await (const update of runs.subscribeToRun(run.friendlyId)) {
        statuses.push(update.status);
        seen.push(update as never);
      }
    })();

    await eventually(() => statuses.length === 1);
    server.source.patch(run.friendlyId, {
      status: "EXECUTING",
      startedAt: new Date(),
      updatedAt: new Date(),
    });
    await eventually(() => statuses.length === 2);
    server.source.patch(run.friendlyId, {
      metadata: JSON.stringify({ progress: 0.5 }),
      metadataType: "application/json",
    });
    await eventually(() => statuses.length === 3);
    const sentAt = new Date("2026-01-02T03:04:05.678Z");
    const output = await stringifyIO({ sentAt, reply: "ok" });
    server.source.patch(run.friendlyId, {
      status: "COMPLETED_SUCCESSFULLY",
      output: output.data ?? null,
      outputType: output.dataType,
      completedAt: new Date(),
    });
    await done;

    expect(statuses).toEqual(["QUEUED", "EXECUTING", "EXECUTING", "COMPLETED"]);
    const [first, , withMetadata, last] = seen;
    expect(first?.id).toBe(run.friendlyId);
    expect(first?.payload).toEqual({ episodeId: "ep_1" });
    expect(first?.createdAt.getTime()).toBe(run.createdAt.getTime());
    expect(withMetadata?.metadata).toEqual({ progress: 0.5 });
    expect(last?.output).toEqual({ sentAt, reply: "ok" });
    expect((last?.output as { sentAt?: unknown } | undefined)?.sentAt).toBeInstanceOf(Date);
    expect(last?.finishedAt).toBeInstanceOf(Date);
  });

  it("reports a failed run with its TaskRunError", async () => {
    const run = server.source.put(newRun({ status: "EXECUTING" }));
    server.source.patch(run.friendlyId, {
      status: "COMPLETED_WITH_ERRORS",
      completedAt: new Date(),
      error: { type: "BUILT_IN_ERROR", name: "Error", message: "boom", stackTrace: "" },
    });
    const updates = [];
    for await (const update of runs.subscribeToRun(run.friendlyId)) updates.push(update);
    expect(updates.map((u) => u.status)).toEqual(["FAILED"]);
    expect(updates[0]?.error?.message).toBe("boom");
  });
});

describe("runs.subscribeToRunsWithTag", () => {
  it("delivers existing and newly created runs carrying the tag, and no others", async () => {
    const tag = `patient:${Math.random().toString(36).slice(2)}`;
    const early = server.source.put(newRun({ runTags: [tag, "kind:checkin"] }));
    const seen = new Map<string, string>();
    const subscription = runs.subscribeToRunsWithTag(tag);
    const late = newRun({ runTags: ["kind:checkin", tag] });
    const consumer = (async () => {
      for await (const update of subscription) {
        seen.set(update.id, update.status);
        if (update.id === late.friendlyId && update.status === "EXECUTING") break;
      }
    })();

    await eventually(() => seen.has(early.friendlyId));
    const untagged = server.source.put(newRun({ runTags: ["kind:checkin"] }));
    server.source.put(late);
    await eventually(() => seen.has(late.friendlyId));
    server.source.patch(late.friendlyId, { status: "EXECUTING" });
    await consumer;

    expect(seen.get(early.friendlyId)).toBe("QUEUED");
    expect(seen.get(late.friendlyId)).toBe("EXECUTING");
    expect(seen.has(untagged.friendlyId)).toBe(false);
    expect(early.runTags).toContain(tag);
  });
});

describe("public access tokens", () => {
  it("lets a token from auth.createPublicToken read its run through the react-hooks ApiClient path", async () => {
    const run = server.source.put(newRun({ status: "COMPLETED_SUCCESSFULLY", completedAt: new Date() }));
    const token = await auth.createPublicToken({ scopes: { read: { runs: [run.friendlyId] } } });
    const client = new ApiClient(server.baseURL, token);
    const statuses: string[] = [];
    for await (const update of client.subscribeToRun(run.friendlyId)) statuses.push(update.status);
    expect(statuses).toEqual(["COMPLETED"]);
  });

  it("lets a tag-scoped token read a run carrying that tag", async () => {
    const run = server.source.put(
      newRun({ runTags: ["episode:7"], status: "CANCELED", completedAt: new Date() }),
    );
    const token = await generateJWT({
      secretKey: TEST_SECRET_KEY,
      payload: { sub: "env_test", pub: true, scopes: ["read:tags:episode:7"] },
    });
    const res = await fetch(`${server.baseURL}/realtime/v1/runs/${run.friendlyId}?offset=-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it("refuses a token scoped to another run (403), a forged token and a wrong secret key (401)", async () => {
    const mine = server.source.put(newRun());
    const other = server.source.put(newRun());
    const otherToken = await auth.createPublicToken({ scopes: { read: { runs: [other.friendlyId] } } });
    const forged = await generateJWT({
      secretKey: "tr_dev_not_the_key",
      payload: { pub: true, scopes: [`read:runs:${mine.friendlyId}`] },
    });
    const get = (token: string) =>
      fetch(`${server.baseURL}/realtime/v1/runs/${mine.friendlyId}?offset=-1`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await get(otherToken)).status).toBe(403);
    expect((await get(forged)).status).toBe(401);
    expect((await get("tr_dev_wrong")).status).toBe(401);
    expect((await fetch(`${server.baseURL}/realtime/v1/runs/${mine.friendlyId}?offset=-1`)).status).toBe(401);

    // The SDK reports a refused subscription through onFetchError (its iterator just stalls).
    const abort = new AbortController();
    const refused = new Promise<unknown>((resolve) => {
      const client = new ApiClient(server.baseURL, otherToken);
      const subscription = client.subscribeToRun(mine.friendlyId, {
        signal: abort.signal,
        onFetchError: resolve,
      });
      void (async () => {
        for await (const _ of subscription) resolve("unexpected update");
      })().catch(() => undefined);
    });
    const error = await refused;
    abort.abort();
    expect(error).toMatchObject({ status: 403 });
  });
});
