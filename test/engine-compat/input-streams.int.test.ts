import { auth, configure, runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../server/engine/index.js";
import { COMPAT_PROJECT, type CompatHarness, KEY, settled, startCompat } from "./harness.js";
import { approval, messages } from "./project/tasks/inputs.js";

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

/** Polls the run until its status is `status`. */
async function reaches(id: string, status: string, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const run = await runs.retrieve(id);
    if (run.status === status) return run;
    if (performance.now() > deadline) throw new Error(`run ${id} stayed ${run.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function post(path: string, body: unknown, token: string) {
  return fetch(`${h.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("input streams (streams.input: send, wait, once, on, peek)", () => {
  it(".wait() suspends the run; send() resumes it with the record, code before the wait ran once", async () => {
    const handle = await tasks.trigger("compat.input-wait", {});
    await reaches(handle.id, "WAITING");
    await approval.send(handle.id, { approved: true, reviewer: "ana" });
    const run = await settled(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ approved: true, reviewer: "ana", after: null });
    expect(run.metadata?.started).toBe(1);
  }, 30_000);

  it("a record sent before .wait() is called completes the wait at once", async () => {
    const handle = await tasks.trigger("compat.input-wait", { delayMs: 1_500 });
    await reaches(handle.id, "EXECUTING");
    await approval.send(handle.id, { approved: false, reviewer: "bo" });
    const run = await settled(handle.id);
    expect(run.output).toEqual({ approved: false, reviewer: "bo", after: null });
  }, 30_000);

  it(".wait() with a timeout and nothing sent returns { ok: false }", async () => {
    const handle = await tasks.trigger("compat.input-wait", { timeout: "1s" });
    const run = await settled(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ timedOut: true, error: "WaitpointTimeoutError" });
  }, 30_000);

  it(".once() gets the first record, .on() every later one in order, once() again times out", async () => {
    const handle = await tasks.trigger("compat.input-on", {});
    await reaches(handle.id, "EXECUTING");
    // The first is sent before the run's tail connects: the tail reads the stream from its start.
    await messages.send(handle.id, { text: "a" });
    await new Promise((r) => setTimeout(r, 200));
    for (const text of ["b", "c", "stop"]) await messages.send(handle.id, { text });
    const run = await settled(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ first: "a", rest: ["b", "c", "stop"], lateTimedOut: true });
  }, 30_000);

  it(".waitWithIdleTimeout() takes a record while warm, or suspends after the idle time and resumes on send", async () => {
    const warm = await tasks.trigger("compat.input-idle", { idleS: 10 });
    await reaches(warm.id, "EXECUTING");
    await messages.send(warm.id, { text: "warm" });
    expect((await settled(warm.id)).output).toEqual({ text: "warm" });
    const cold = await tasks.trigger("compat.input-idle", { idleS: 0.3 });
    await reaches(cold.id, "WAITING");
    await messages.send(cold.id, { text: "cold" });
    expect((await settled(cold.id)).output).toEqual({ text: "cold" });
  }, 30_000);

  it("data arrives as sent: a string that looks like JSON stays a string, by the tail and by the waitpoint", async () => {
    const handle = await tasks.trigger("compat.input-raw", {});
    await reaches(handle.id, "EXECUTING");
    await post(`/realtime/v1/streams/${handle.id}/input/raw`, { data: '{"a":1}' }, "tr_dev_compat");
    await reaches(handle.id, "WAITING");
    await post(`/realtime/v1/streams/${handle.id}/input/raw`, { data: "[2]" }, "tr_dev_compat");
    expect((await settled(handle.id)).output).toEqual({ once: '{"a":1}', wait: "[2]" });
  }, 30_000);

  it("send() to a finished run is refused (400), to an unknown run 404; bad bodies 400, too large 413", async () => {
    const handle = await tasks.trigger("compat.input-wait", { timeout: "1s" });
    await settled(handle.id);
    await expect(approval.send(handle.id, { approved: true, reviewer: "late" })).rejects.toMatchObject({
      status: 400,
    });
    await expect(approval.send("run_doesnotexist", { approved: true, reviewer: "x" })).rejects.toMatchObject({
      status: 404,
    });
    const live = await tasks.trigger("compat.input-wait", {});
    await reaches(live.id, "WAITING");
    const path = `/realtime/v1/streams/${live.id}/input/approval`;
    expect((await post(path, "{not json", "tr_dev_compat")).status).toBe(400);
    expect((await post(path, [1, 2], "tr_dev_compat")).status).toBe(400);
    // A record over 1 MiB is refused before all of it is read.
    const big = await post(path, { data: "x".repeat(1_100_000) }, "tr_dev_compat");
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: "Input stream record too large" });
    expect(
      (await post(`/realtime/v1/streams/${live.id}/input/bad%20id`, { data: 1 }, "tr_dev_compat")).status,
    ).toBe(404);
    // The run still waits for a good record.
    expect((await runs.retrieve(live.id)).status).toBe("WAITING");
    await approval.send(live.id, { approved: true, reviewer: "cy" });
    expect((await settled(live.id)).output).toMatchObject({ reviewer: "cy" });
  }, 30_000);

  it("a public token sends only to the run its write:inputStreams scope names", async () => {
    const one = await tasks.trigger("compat.input-wait", {});
    const two = await tasks.trigger("compat.input-wait", {});
    await reaches(one.id, "WAITING");
    await reaches(two.id, "WAITING");
    const token = await auth.createPublicToken({ scopes: { write: { inputStreams: [one.id] } } });
    const denied = await post(`/realtime/v1/streams/${two.id}/input/approval`, { data: {} }, token);
    expect(denied.status).toBe(403);
    const sent = await post(
      `/realtime/v1/streams/${one.id}/input/approval`,
      { data: { approved: true, reviewer: "public" } },
      token,
    );
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ ok: true });
    expect((await settled(one.id)).output).toMatchObject({ approved: true, reviewer: "public" });
    await approval.send(two.id, { approved: false, reviewer: "secret" });
    expect((await settled(two.id)).output).toMatchObject({ reviewer: "secret" });
  }, 30_000);

  it("after an engine restart the waiting run is replayed: its .wait() gets back its waitpoint, send() resumes it", async () => {
    const manual = async () =>
      (
        await h.db.db.$queryRawUnsafe<Array<{ n: number }>>(
          "SELECT count(*)::int AS n FROM trigger_engine.waitpoints WHERE type = 'MANUAL'",
        )
      )[0]!.n;
    const before = await manual();
    const handle = await tasks.trigger("compat.input-wait", {});
    await reaches(handle.id, "WAITING");
    await h.engine.stop();
    const next = await createEngine({
      databaseUrl: h.db.url,
      projectDir: COMPAT_PROJECT,
      allowClockControl: true,
      secretKey: KEY,
      executors: 2,
    });
    try {
      configure({ baseURL: await next.listen(0), accessToken: KEY });
      await next.start();
      await approval.send(handle.id, { approved: true, reviewer: "after-restart" });
      const run = await settled(handle.id);
      expect(run.output).toEqual({ approved: true, reviewer: "after-restart", after: null });
      // Replay ran the code before the wait again (documented); the wait was journaled, so the
      // replayed .wait() got back the waitpoint it made before the restart: one made in all.
      expect(run.metadata?.started).toBe(2);
      expect((await manual()) - before).toBe(1);
    } finally {
      await next.stop();
    }
  }, 60_000);
});
