import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/db.js";
import { type RunningApp, startApp } from "./boot.js";
import { loadConfig } from "./config/index.js";

describe("the assembled app (embedded mode)", () => {
  let t: TestDatabase;
  let app: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "sequora-boot-"));
    app = await startApp(
      loadConfig({
        NODE_ENV: "test",
        DATABASE_URL: t.url,
        PORT: "4391",
        DATA_DIR: dataDir,
        SEED_DEMO: "true",
        // The static demo world, written at once: these checks want a quiet database with tasks.
        DEMO_HISTORY: "off",
      }),
    );
  });
  afterAll(async () => {
    await app?.stop();
    await t?.drop();
  });

  it("serves health, the engine API with its own per-install key only, and refuses unsigned webhooks", async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ ok: true, mode: "embedded" });
    const key = readFileSync(path.join(dataDir, "engine-secret-key"), "utf8").trim();
    expect(key).toMatch(/^tr_dev_[0-9a-f]{48}$/);
    const trigger = (bearer: string) =>
      fetch(`${app.url}/api/v1/tasks/task.assign/trigger`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({ payload: JSON.stringify({ taskId: "none" }), options: {} }),
      });
    expect((await trigger("tr_dev_guessed")).status).toBe(401);
    const ok = await trigger(key);
    expect(ok.status).toBe(200);
    expect((await ok.json()) as { id: string }).toMatchObject({ id: expect.stringMatching(/^run_/) });

    const unsigned = await fetch(`${app.url}/webhooks/twilio/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "From=%2B12025550100&Body=hello&MessageSid=SM00000000000000000000000000000000",
    });
    expect(unsigned.status).toBe(403);
    expect(await t.db.message.count({ where: { direction: "INBOUND" } })).toBe(0);
  });

  it("rejects tRPC mutations without the CSRF header or from another origin", async () => {
    const signIn = (headers: Record<string, string>) =>
      fetch(`${app.url}/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ json: { email: "ana.nurse@sequora.test", password: "sequora-demo" } }),
      });
    expect((await signIn({})).status).toBe(403);
    expect((await signIn({ "x-sequora-csrf": "1", origin: "https://evil.example" })).status).toBe(403);
    const ok = await signIn({ "x-sequora-csrf": "1" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/sequora_session=.*HttpOnly; SameSite=Strict/);
  });

  it("pushes a change event to a signed-in browser when a task changes, and refuses anonymous listeners", async () => {
    expect((await fetch(`${app.url}/events`)).status).toBe(401);
    const signIn = await fetch(`${app.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-sequora-csrf": "1" },
      body: JSON.stringify({ json: { email: "ana.nurse@sequora.test", password: "sequora-demo" } }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const abort = new AbortController();
    const res = await fetch(`${app.url}/events`, { headers: { cookie }, signal: abort.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const readUntil = async (needle: string) => {
      while (!buffer.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value);
      }
    };
    await readUntil("event: ready");
    const task = await t.db.escalationTask.findFirstOrThrow();
    await t.db.escalationTask.update({ where: { id: task.id }, data: { suggestedAction: "Call back" } });
    await readUntil('"EscalationTask"');
    expect(buffer).toMatch(/event: change\ndata: \{"tables":\[[^\]]*"EscalationTask"/);
    expect(buffer).not.toContain(task.id);
    abort.abort();
  });
});
