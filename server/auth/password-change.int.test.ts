import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { loadConfig } from "../config/index.js";
import { appRouter } from "../routers/app-router.js";
import { createSmsService, loadSmsConfig } from "../sms/index.js";
import { createContextInner, memoryCookieJar } from "../trpc/context.js";
import { createCallerFactory } from "../trpc/trpc.js";
import { SESSION_COOKIE, userForSession } from "./session-service.js";

const createCaller = createCallerFactory(appRouter);

describe("passwords and the demo-only procedures", () => {
  let t: TestDatabase;
  const demo = loadConfig({ NODE_ENV: "test" });
  const real = loadConfig({ NODE_ENV: "test", DEMO_MODE: "off" });
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
  });
  afterAll(async () => t.drop());

  async function as(email: string, password = "sequora-demo", config = demo) {
    const smsConfig = loadSmsConfig({});
    const services = { db: t.db, config, smsConfig, sms: createSmsService({ db: t.db, config: smsConfig }) };
    const cookies = memoryCookieJar();
    await createCaller(createContextInner({ ...services, cookies })).auth.signIn({ email, password });
    const user = await userForSession(t.db, cookies.get(SESSION_COOKIE));
    return createCaller(createContextInner({ ...services, user, cookies }));
  }

  it("the phone simulator works in demo mode and refuses outside it", async () => {
    const inDemo = await as("ana.nurse@sequora.test");
    expect((await inDemo.sim.patients()).length).toBe(10);
    const outside = await as("ana.nurse@sequora.test", "sequora-demo", real);
    await expect(outside.sim.patients()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(outside.sim.reply({ patientId: "x", body: "yes" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admin = await as("alex.admin@sequora.test", "sequora-demo", real);
    await expect(admin.clock.advance({ ms: 3_600_000 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a user changes their password with the current one; other sessions end, this one stays", async () => {
    await as("grace.nurse@sequora.test"); // signed in on another device too
    const grace = await as("grace.nurse@sequora.test");
    await expect(
      grace.auth.changePassword({ currentPassword: "wrong", newPassword: "a brand new passphrase" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: /current password/ });
    for (const weak of ["short", "aaaaaaaaaaaaaaa", "Sequora-Demo"]) {
      await expect(
        grace.auth.changePassword({ currentPassword: "sequora-demo", newPassword: weak }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await grace.auth.changePassword({
      currentPassword: "sequora-demo",
      newPassword: "a brand new passphrase",
    });
    expect((await grace.auth.me()).user?.email).toBe("grace.nurse@sequora.test");
    const sessions = await t.db.session.count({ where: { user: { email: "grace.nurse@sequora.test" } } });
    expect(sessions).toBe(1);
    await expect(as("grace.nurse@sequora.test")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await as("grace.nurse@sequora.test", "a brand new passphrase");
  });

  it("an admin resets a password: sessions end, the temporary one works once to choose a new one", async () => {
    const admin = await as("alex.admin@sequora.test");
    const nurse = await as("luis.nurse@sequora.test");
    const luis = await t.db.user.findUniqueOrThrow({ where: { email: "luis.nurse@sequora.test" } });
    await expect(nurse.admin.staff.resetPassword({ id: luis.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admins = await t.db.user.findUniqueOrThrow({ where: { email: "alex.admin@sequora.test" } });
    await expect(admin.admin.staff.resetPassword({ id: admins.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.admin.staff.resetPassword({ id: "nobody" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const { temporaryPassword } = await admin.admin.staff.resetPassword({ id: luis.id });
    expect(temporaryPassword).toHaveLength(20);
    expect(await t.db.session.count({ where: { userId: luis.id } })).toBe(0);
    await expect(as("luis.nurse@sequora.test")).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const forced = await as("luis.nurse@sequora.test", temporaryPassword);
    expect((await forced.auth.me()).user).toMatchObject({ mustChangePassword: true });
    // Every other procedure refuses until the password is changed (server-side, not only the SPA).
    await expect(forced.task.list({ scope: "all", limit: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(forced.auth.system()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(forced.sim.patients()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await forced.auth.changePassword({
      currentPassword: temporaryPassword,
      newPassword: "luis picks his own",
    });
    const after = await as("luis.nurse@sequora.test", "luis picks his own");
    expect((await after.auth.me()).user).toMatchObject({ mustChangePassword: false });
    await expect(after.task.list({ scope: "all", limit: 5 })).resolves.toBeDefined();
  });
});

describe("a demo database started with real settings", () => {
  it("switches off the demo accounts still on the public password and ends their sessions", async () => {
    const { retireDemoAccounts } = await import("../demo/demo-accounts.js");
    const t = await createTestDatabase();
    try {
      await seedDemo(t.db, { hospitalName: "Test Hospital" });
      const ana = await t.db.user.findUniqueOrThrow({ where: { email: "ana.nurse@sequora.test" } });
      await t.db.session.create({
        data: { id: "ana-session", userId: ana.id, expiresAt: new Date(Date.now() + 3600_000) },
      });
      // One demo account already has its own password: it is a real account now, and stays.
      const caller = createCaller(createContextInner({ db: t.db, config: loadConfig({ NODE_ENV: "test" }) }));
      const sam = await t.db.user.findUniqueOrThrow({ where: { email: "sam.supervisor@sequora.test" } });
      const { hashPassword } = await import("./password.js");
      await t.db.user.update({
        where: { id: sam.id },
        data: { passwordHash: await hashPassword("sam's own passphrase") },
      });
      expect(await retireDemoAccounts(t.db)).toBe(4);
      expect(await t.db.user.count({ where: { active: true } })).toBe(1);
      expect(await t.db.session.count({ where: { userId: ana.id } })).toBe(0);
      await expect(
        caller.auth.signIn({ email: "alex.admin@sequora.test", password: "sequora-demo" }),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      expect(await retireDemoAccounts(t.db)).toBe(0);
    } finally {
      await t.drop();
    }
  });
});
