import { ApiClient } from "@trigger.dev/core/v3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  newRun,
  type RealtimeTestServer,
  startRealtimeTestServer,
  TEST_SECRET_KEY,
} from "./realtime-test-kit.js";

// The Electric wire details the SDK depends on, checked on raw HTTP responses.

let server: RealtimeTestServer;
const auth = { authorization: `Bearer ${TEST_SECRET_KEY}` };

beforeAll(async () => {
  server = await startRealtimeTestServer(300);
});

afterAll(async () => {
  await server.close();
});

type Message = { key?: string; value?: Record<string, string | null>; headers: Record<string, string> };

async function get(path: string): Promise<{ status: number; headers: Headers; body: Message[] }> {
  const res = await fetch(`${server.baseURL}${path}`, { headers: auth });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : [] };
}

describe("initial snapshot", () => {
  it("sends the run as an insert in Electric's encoding with the required headers", async () => {
    const created = new Date("2026-03-04T05:06:07.089Z");
    const run = server.source.put(
      newRun({ createdAt: created, updatedAt: created, runTags: ['a"b', "c,d"], isTest: true }),
    );
    const { status, headers, body } = await get(`/realtime/v1/runs/${run.friendlyId}?log=full&offset=-1`);

    expect(status).toBe(200);
    expect(headers.get("electric-handle")).toBeTruthy();
    expect(headers.get("electric-offset")).toMatch(/^\d+_\d+$/);
    expect(JSON.parse(headers.get("electric-schema") ?? "{}").runTags).toEqual({ type: "text", dims: 1 });
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-expose-headers")).toBe("*");
    expect(body).toHaveLength(2);
    const [change, control] = body;
    expect(change?.key).toBe(`"public"."TaskRun"/"${run.id}"`);
    expect(change?.headers.operation).toBe("insert");
    expect(change?.value?.createdAt).toBe("2026-03-04T05:06:07.089");
    expect(change?.value?.isTest).toBe("t");
    expect(change?.value?.runTags).toBe('{"a\\"b","c,d"}');
    expect(change?.value?.completedAt).toBeNull();
    expect(control?.headers.control).toBe("up-to-date");
  });

  it("drops skipped optional columns but never the required ones", async () => {
    const run = server.source.put(newRun());
    const { body, headers } = await get(
      `/realtime/v1/runs/${run.friendlyId}?offset=-1&skipColumns=payload,id`,
    );
    expect(body[0]?.value).not.toHaveProperty("payload");
    expect(body[0]?.value?.id).toBe(run.id);
    expect(JSON.parse(headers.get("electric-schema") ?? "{}")).not.toHaveProperty("payload");
  });

  it("answers 404 for an unknown run and 400 for a malformed offset", async () => {
    expect((await get("/realtime/v1/runs/run_missing?offset=-1")).status).toBe(404);
    const run = server.source.put(newRun());
    expect((await get(`/realtime/v1/runs/${run.friendlyId}?offset=abc`)).status).toBe(400);
  });
});

describe("live long poll", () => {
  it("asks the client to refetch (409 must-refetch) for an offset the sequence never reached", async () => {
    const run = server.source.put(newRun());
    const current = await server.source.currentSeq();
    const res = await get(
      `/realtime/v1/runs/${run.friendlyId}?handle=0-ab&live=true&offset=${current + 100n}_0`,
    );
    expect(res.status).toBe(409);
    expect(res.body).toEqual([{ headers: { control: "must-refetch" } }]);
    expect(res.headers.get("electric-handle")).toBeTruthy();
  });

  it("holds the request until the run changes, then sends an update past the offset", async () => {
    const run = server.source.put(newRun());
    const first = await get(`/realtime/v1/runs/${run.friendlyId}?offset=-1`);
    const handle = first.headers.get("electric-handle") ?? "";
    const offset = first.headers.get("electric-offset") ?? "";

    const waitsBefore = server.source.pendingWaits();
    const pending = get(`/realtime/v1/runs/${run.friendlyId}?handle=${handle}&live=true&offset=${offset}`);
    await eventually(() => server.source.pendingWaits() > waitsBefore);
    server.source.patch(run.friendlyId, { status: "EXECUTING" });
    const live = await pending;

    expect(live.status).toBe(200);
    expect(live.headers.get("electric-cursor")).toBeTruthy();
    expect(live.headers.get("electric-handle")).toBe(handle);
    expect(live.headers.get("electric-offset")).not.toBe(offset);
    expect(live.body[0]?.headers.operation).toBe("update");
    expect(live.body[0]?.value?.status).toBe("EXECUTING");
    expect(live.body.at(-1)?.headers.control).toBe("up-to-date");
  });

  it("ignores changes to other runs and times out with only up-to-date", async () => {
    const run = server.source.put(newRun());
    const first = await get(`/realtime/v1/runs/${run.friendlyId}?offset=-1`);
    const offset = first.headers.get("electric-offset") ?? "";
    const handle = first.headers.get("electric-handle") ?? "";
    const pending = get(`/realtime/v1/runs/${run.friendlyId}?handle=${handle}&live=true&offset=${offset}`);
    server.source.put(newRun());
    const live = await pending;
    expect(live.body).toEqual([{ headers: { control: "up-to-date" } }]);
    expect(live.headers.get("electric-cursor")).toBeTruthy();
  });

  it("still delivers a write whose seq is lower than one already served (late commit)", async () => {
    const run = server.source.put(newRun());
    const first = await get(`/realtime/v1/runs/${run.friendlyId}?offset=-1`);
    const handle = first.headers.get("electric-handle") ?? "";
    const reserved = server.source.reserveSeq();
    server.source.put(newRun());
    const quiet = await get(
      `/realtime/v1/runs/${run.friendlyId}?handle=${handle}&live=true&offset=${first.headers.get("electric-offset")}`,
    );
    expect(quiet.body).toEqual([{ headers: { control: "up-to-date" } }]);
    const { seq: _seq, ...fields } = run;
    server.source.commitLate({ ...fields, status: "EXECUTING" }, reserved);
    const late = await get(
      `/realtime/v1/runs/${run.friendlyId}?handle=${handle}&live=true&offset=${quiet.headers.get("electric-offset")}`,
    );
    expect(late.body[0]?.value?.status).toBe("EXECUTING");
    const after = await get(
      `/realtime/v1/runs/${run.friendlyId}?handle=${handle}&live=true&offset=${late.headers.get("electric-offset")}`,
    );
    expect(after.body).toEqual([{ headers: { control: "up-to-date" } }]);
  });
});

describe("tags and batches", () => {
  it("only includes runs that carry all requested tags", async () => {
    const both = server.source.put(newRun({ runTags: ["ward:1", "kind:x"] }));
    const one = server.source.put(newRun({ runTags: ["ward:1"] }));
    const { body } = await get("/realtime/v1/runs?tags=ward:1,kind:x&offset=-1");
    const keys = body.filter((m) => m.key).map((m) => m.value?.friendlyId);
    expect(keys).toEqual([both.friendlyId]);
    expect(keys).not.toContain(one.friendlyId);
  });

  it("keeps a tag shape's createdAt window in its handle", async () => {
    const old = server.source.put(
      newRun({ runTags: ["win"], createdAt: new Date(Date.now() - 3 * 3_600_000) }),
    );
    const fresh = server.source.put(newRun({ runTags: ["win"] }));
    const first = await get("/realtime/v1/runs?tags=win&createdAt=1h&offset=-1");
    const ids = first.body.filter((m) => m.key).map((m) => m.value?.friendlyId);
    expect(ids).toEqual([fresh.friendlyId]);
    server.source.patch(old.friendlyId, { status: "EXECUTING" });
    server.source.patch(fresh.friendlyId, { status: "EXECUTING" });
    const handle = first.headers.get("electric-handle") ?? "";
    const offset = first.headers.get("electric-offset") ?? "";
    const later = await get(`/realtime/v1/runs?tags=win&handle=${handle}&offset=${offset}`);
    expect(later.body.filter((m) => m.key).map((m) => m.value?.friendlyId)).toEqual([fresh.friendlyId]);
  });

  it("serves the SDK's subscribeToBatch from the batch id", async () => {
    const batch = `batch_${Math.random().toString(36).slice(2)}`;
    const a = server.source.put(newRun({ batchFriendlyId: batch, status: "COMPLETED_SUCCESSFULLY" }));
    server.source.put(newRun({ batchFriendlyId: "batch_other" }));
    const { body } = await get(`/realtime/v1/batches/${batch}?offset=-1`);
    expect(body.filter((m) => m.key).map((m) => m.value?.friendlyId)).toEqual([a.friendlyId]);
    const seen: string[] = [];
    for await (const run of new ApiClient(server.baseURL, TEST_SECRET_KEY).subscribeToBatch(batch)) {
      seen.push(`${run.id}:${run.status}`);
      break;
    }
    expect(seen).toEqual([`${a.friendlyId}:COMPLETED`]);
  });
});

describe("routing and CORS", () => {
  it("answers the browser preflight with the requested headers", async () => {
    const res = await fetch(`${server.baseURL}/realtime/v1/runs/run_x`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization,x-trigger-electric-version",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization,x-trigger-electric-version");
  });

  it("leaves non-realtime paths to the next handler", async () => {
    const res = await fetch(`${server.baseURL}/api/v3/runs/run_x`);
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
