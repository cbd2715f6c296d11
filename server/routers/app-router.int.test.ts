import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { SESSION_COOKIE, userForSession } from "../auth/session-service.js";
import { loadConfig } from "../config/index.js";
import { createContextInner, memoryCookieJar } from "../trpc/context.js";
import { createCallerFactory } from "../trpc/trpc.js";
import { appRouter } from "./app-router.js";

const createCaller = createCallerFactory(appRouter);
const config = loadConfig({ NODE_ENV: "test" });

describe("app router", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
  });
  afterAll(async () => t.drop());

  const anonymous = () => createCaller(createContextInner({ db: t.db, config }));
  async function as(email: string) {
    const cookies = memoryCookieJar();
    await createCaller(createContextInner({ db: t.db, config, cookies })).auth.signIn({
      email,
      password: "sequora-demo",
    });
    const user = await userForSession(t.db, cookies.get(SESSION_COOKIE));
    return createCaller(createContextInner({ db: t.db, config, user, cookies }));
  }

  it("signs in with the right password, sets a session, and lists the queue by SLA due", async () => {
    const nurse = await as("ana.nurse@sequora.test");
    const { tasks } = await nurse.task.list({ scope: "all", limit: 100 });
    expect(tasks.length).toBe(6);
    const dues = tasks.map((x) => x.slaDueAt.getTime());
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(tasks[0]!.patient.displayName).toMatch(/^\w+ \w\.$/);
  });

  it("filters mine and unassigned", async () => {
    const nurse = await as("luis.nurse@sequora.test");
    const all = await nurse.task.list({ scope: "all", limit: 100 });
    const mine = await nurse.task.list({ scope: "mine", limit: 100 });
    const unassigned = await nurse.task.list({ scope: "unassigned", limit: 100 });
    expect(mine.tasks.every((x) => x.assignee?.name === "Luis Ortega")).toBe(true);
    expect(unassigned.tasks.every((x) => x.assignee === null)).toBe(true);
    expect(unassigned.tasks.length).toBeGreaterThan(0);
    expect(mine.tasks.length + unassigned.tasks.length).toBeLessThanOrEqual(all.tasks.length);
  });

  it("rejects a wrong password with UNAUTHORIZED and no session", async () => {
    const cookies = memoryCookieJar();
    const caller = createCaller(createContextInner({ db: t.db, config, cookies }));
    await expect(
      caller.auth.signIn({ email: "ana.nurse@sequora.test", password: "nope" }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("answers bad input with BAD_REQUEST, never a 500", async () => {
    const nurse = await as("ana.nurse@sequora.test");
    const bad: unknown[] = [
      { scope: "everything" },
      { limit: -1 },
      { reason: ["lower case"] },
      { protocol: ["XYZ"] },
    ];
    for (const input of bad) {
      const err = await nurse.task.list(input as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("BAD_REQUEST");
    }
    const signInErr = await anonymous()
      .auth.signIn({ email: "not-an-email", password: "" } as never)
      .catch((e: unknown) => e);
    expect((signInErr as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("lists a nurse's own in-app notices, unread first counted, and marks them read", async () => {
    const ana = await t.db.user.findUniqueOrThrow({ where: { email: "ana.nurse@sequora.test" } });
    const luis = await t.db.user.findUniqueOrThrow({ where: { email: "luis.nurse@sequora.test" } });
    const task = await t.db.escalationTask.findFirstOrThrow({ include: { patient: true } });
    const notice = (userId: string, key: string, channel: "IN_APP" | "EMAIL" = "IN_APP") => ({
      userId,
      taskId: key === "a1" ? task.id : null,
      kind: "TASK_ASSIGNED",
      channel,
      title: `Task assigned ${key}`,
      status: "SENT" as const,
      idempotencyKey: `inbox-test:${key}`,
    });
    await t.db.notification.createMany({
      data: [
        notice(ana.id, "a1"),
        notice(ana.id, "a2"),
        notice(ana.id, "a3", "EMAIL"),
        notice(luis.id, "l1"),
      ],
    });
    const nurse = await as("ana.nurse@sequora.test");
    const before = await nurse.notification.list({ limit: 30 });
    expect(before.items.map((n) => n.title).sort()).toEqual(["Task assigned a1", "Task assigned a2"]);
    expect(before.unread).toBe(2);
    // A notice about a task names its patient the way lists do (first name, last initial).
    const byTitle = new Map(before.items.map((n) => [n.title, n.patientName]));
    expect(byTitle.get("Task assigned a1")).toBe(`${task.patient.firstName} ${task.patient.lastName[0]}.`);
    expect(byTitle.get("Task assigned a2")).toBeNull();
    // Someone else's notice is not hers to mark.
    const luisNotice = await t.db.notification.findFirstOrThrow({ where: { userId: luis.id } });
    expect(await nurse.notification.markRead({ ids: [luisNotice.id, before.items[0]!.id] })).toEqual({
      marked: 1,
    });
    expect((await nurse.notification.list({ limit: 30 })).unread).toBe(1);
    expect(await nurse.notification.markRead({})).toEqual({ marked: 1 });
    expect((await nurse.notification.list({ limit: 30 })).unread).toBe(0);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: luisNotice.id } })).readAt).toBeNull();
  });

  it("requires a session for the queue", async () => {
    await expect(anonymous().task.list({ scope: "all", limit: 10 })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("signs out, after which the session no longer resolves", async () => {
    const cookies = memoryCookieJar();
    const caller = createCaller(createContextInner({ db: t.db, config, cookies }));
    await caller.auth.signIn({ email: "sam.supervisor@sequora.test", password: "sequora-demo" });
    const token = cookies.get(SESSION_COOKIE);
    expect(await userForSession(t.db, token)).not.toBeNull();
    await caller.auth.signOut();
    expect(await userForSession(t.db, token)).toBeNull();
  });
});
