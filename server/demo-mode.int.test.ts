import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/db.js";
import { type RunningApp, startApp } from "./boot.js";
import { loadConfig } from "./config/index.js";
import { freePort } from "./db/embedded-postgres.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

/** The admin command as an operator runs it, in a child process of its own. */
function adminCommand(args: string[], env: Record<string, string>) {
  return run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

/** A tRPC call over real HTTP (superjson envelope, CSRF header), as the SPA makes it. */
async function trpc(
  url: string,
  procedure: string,
  opts: { cookie?: string; input?: unknown; query?: boolean },
) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-sequora-csrf": "1" };
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = opts.query
    ? await fetch(`${url}/trpc/${procedure}`, { headers })
    : await fetch(`${url}/trpc/${procedure}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ json: opts.input ?? null }),
      });
  const body = (await res.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string; data: { code: string } } };
  };
  return {
    status: res.status,
    cookie: res.headers.get("set-cookie")?.split(";")[0],
    data: body.result?.data.json as Record<string, unknown> | undefined,
    code: body.error?.json.data.code,
    message: body.error?.json.message,
  };
}

describe("a real deployment (an external database, nothing asking for demo mode)", () => {
  let t: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await startApp(
      loadConfig({
        NODE_ENV: "test",
        DATABASE_URL: t.url,
        PORT: String(await freePort()),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), "sequora-real-")),
      }),
    );
  });
  afterAll(async () => {
    await app?.stop();
    await t?.drop();
  });

  it("seeds no demo accounts and no simulated patients, and says it is not the demo", async () => {
    expect(app.seeded).toBe(false);
    expect(app.demoSignIns).toBe(false);
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.patient.count()).toBe(0);
    const me = await trpc(app.url, "auth.me", { query: true });
    expect(me.data).toEqual({ user: null, demo: false, idleRemainingMs: null });
    const demo = await trpc(app.url, "auth.signIn", {
      input: { email: "alex.admin@sequora.test", password: "sequora-demo" },
    });
    expect(demo.status).toBe(401);
  });

  it("the admin command creates the first admin once, who must change the generated password first", async () => {
    const env = { DATABASE_URL: t.url };
    const bad = await adminCommand(["create", "--email", "not-an-email", "--name", "Ada"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--email/);

    const created = await adminCommand(
      ["create", "--email", "Ada@Clinic.example", "--name", "Ada Admin"],
      env,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const password = /Temporary password .*: (\S+)/.exec(created.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);
    const row = await t.db.user.findUniqueOrThrow({ where: { email: "ada@clinic.example" } });
    expect(row).toMatchObject({ role: "ADMIN", mustChangePassword: true, active: true });
    expect(row.passwordHash).not.toContain(password);

    const again = await adminCommand(["create", "--email", "bob@clinic.example", "--name", "Bob"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/An admin already exists/);
    expect(await t.db.user.count()).toBe(1);

    // Server-side: the session reaches nothing but the password change, whatever the SPA shows.
    const signIn = await trpc(app.url, "auth.signIn", {
      input: { email: "ada@clinic.example", password },
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.cookie!;
    expect((await trpc(app.url, "auth.me", { cookie, query: true })).data).toMatchObject({
      user: { email: "ada@clinic.example", mustChangePassword: true },
    });
    const blocked = await trpc(app.url, "admin.staff.list", { cookie, query: true });
    expect(blocked).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(blocked.message).toMatch(/Change your password/);
    const weak = await trpc(app.url, "auth.changePassword", {
      cookie,
      input: { currentPassword: password, newPassword: "short" },
    });
    expect(weak.status).toBe(400);
    const changed = await trpc(app.url, "auth.changePassword", {
      cookie,
      input: { currentPassword: password, newPassword: "a sturdy new passphrase" },
    });
    expect(changed.status).toBe(200);
    expect((await trpc(app.url, "admin.staff.list", { cookie, query: true })).status).toBe(200);

    // Outside demo mode the demo clock and the phone simulator refuse, even for an admin.
    const clock = await trpc(app.url, "clock.advance", { cookie, input: { ms: 86_400_000 } });
    expect(clock).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(clock.message).toMatch(/demo mode/);
    expect((await trpc(app.url, "clock.get", { cookie, query: true })).data).toMatchObject({
      offsetMs: 0,
      canAdvance: false,
    });
    const sim = await trpc(app.url, "sim.patients", { cookie, query: true });
    expect(sim).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect((await trpc(app.url, "auth.system", { cookie, query: true })).data).toMatchObject({
      demo: false,
      demoAlongside: [],
    });
  });

  it("--force on an existing e-mail resets that admin (lost password), ending their sessions", async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { email: "ada@clinic.example" } });
    expect(await t.db.session.count({ where: { userId: before.id } })).toBeGreaterThan(0);
    const reset = await adminCommand(
      ["create", "--email", "ada@clinic.example", "--name", "Ada Admin", "--force"],
      { DATABASE_URL: t.url },
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Reset admin ada@clinic.example/);
    expect(await t.db.session.count({ where: { userId: before.id } })).toBe(0);
    expect(await t.db.user.count()).toBe(1);
  });
});
