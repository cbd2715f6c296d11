import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import type { SessionUser } from "../auth/session-service.js";
import { loadConfig } from "../config/index.js";
import { loadSmsConfig } from "../sms/index.js";
import { createContextInner } from "../trpc/context.js";
import { createCallerFactory } from "../trpc/trpc.js";
import { appRouter } from "./app-router.js";

// Who may call what, for every procedure in the router. A procedure missing from this table
// fails the test: adding one means deciding, here, who may call it.
type Need = "anyone" | "signed-in" | "supervisor" | "admin";
const NEEDS: Record<string, Need> = {
  "auth.signIn": "anyone",
  "auth.signOut": "anyone",
  "auth.me": "anyone",
  "auth.keepAlive": "signed-in",
  "auth.system": "signed-in",
  "auth.changePassword": "signed-in",
  "task.get": "signed-in",
  "task.assignees": "signed-in",
  "task.savedViews": "signed-in",
  "task.saveView": "signed-in",
  "task.deleteView": "signed-in",
  "task.list": "signed-in",
  "task.claim": "signed-in",
  "task.release": "signed-in",
  "task.reassign": "signed-in",
  "task.addNote": "signed-in",
  "task.resolve": "signed-in",
  "episode.create": "signed-in",
  "episode.previewCsv": "signed-in",
  "episode.importCsv": "signed-in",
  "episode.close": "signed-in",
  "appointment.schedule": "signed-in",
  "appointment.markAttended": "signed-in",
  "sim.patients": "signed-in",
  "sim.conversation": "signed-in",
  "sim.reply": "signed-in",
  "clock.get": "signed-in",
  "clock.advance": "admin",
  "runs.access": "signed-in",
  "runs.list": "signed-in",
  "runs.get": "signed-in",
  "runs.logs": "signed-in",
  "runs.cancel": "supervisor",
  "runs.replay": "supervisor",
  "board.get": "supervisor",
  "board.compliance": "supervisor",
  "admin.staff.list": "admin",
  "admin.staff.create": "admin",
  "admin.staff.update": "admin",
  "admin.staff.resetPassword": "admin",
  "admin.shifts.list": "admin",
  "admin.shifts.create": "admin",
  "admin.shifts.update": "admin",
  "admin.shifts.delete": "admin",
  "admin.protocols": "supervisor",
  "hospitalFeed.list": "admin",
  "hospitalFeed.facets": "admin",
  "hospitalFeed.raw": "admin",
  "hospitalFeed.replay": "admin",
  "board.outcomes": "supervisor",
  "timeline.patient": "signed-in",
  "notification.list": "signed-in",
  "notification.markRead": "signed-in",
  "system.alerts": "admin",
  "system.series": "admin",
  "ehrNote.forTask": "signed-in",
  "ehrNote.list": "admin",
  "ehrNote.counts": "admin",
  "ehrNote.resend": "admin",
  "report.weeks": "supervisor",
  "report.week": "supervisor",
  "report.resend": "admin",
  "trends.patient": "signed-in",
  "tcm.get": "signed-in",
  "tcm.record": "signed-in",
  "tcm.listAtRisk": "supervisor",
  "tcm.listQualifying": "supervisor",
  "tcm.exportCsv": "supervisor",
  "visit.clinics.list": "signed-in",
  "visit.clinics.create": "admin",
  "visit.clinics.update": "admin",
  "visit.clinicians.create": "admin",
  "visit.clinicians.update": "admin",
  "visit.clinicians.setAvailability": "admin",
  "visit.slots": "signed-in",
  "visit.requests": "signed-in",
  "visit.approve": "signed-in",
  "visit.reject": "signed-in",
  "visit.proposeChange": "signed-in",
  "visit.book": "signed-in",
  "visit.toMark": "signed-in",
  "visit.recordOutcome": "signed-in",
  "visit.patientAppointments": "signed-in",
  "visit.rideBooked": "signed-in",
  // Visit changes (issue 15, "visit-changes").
  "visit.episodeVisit": "signed-in",
  "visit.day": "signed-in",
  "visit.cancelTimes": "signed-in",
};

type Role = "anonymous" | "NURSE" | "SUPERVISOR" | "ADMIN";
const ROLES: Role[] = ["anonymous", "NURSE", "SUPERVISOR", "ADMIN"];
const RANK: Record<Role, number> = { anonymous: 0, NURSE: 1, SUPERVISOR: 2, ADMIN: 3 };
const NEED_RANK: Record<Need, number> = { anyone: 0, "signed-in": 1, supervisor: 2, admin: 3 };

const procedures = (appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures;
const createCaller = createCallerFactory(appRouter);

describe("role-by-procedure access matrix", () => {
  let t: TestDatabase;
  const users = new Map<Role, SessionUser | null>();
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    users.set("anonymous", null);
    for (const role of ["NURSE", "SUPERVISOR", "ADMIN"] as const) {
      const u = await t.db.user.findFirstOrThrow({
        where: { role, active: true },
        select: { id: true, email: true, name: true, role: true, languages: true, mustChangePassword: true },
      });
      users.set(role, u);
    }
  });
  afterAll(async () => t.drop());

  it("has an entry for every procedure in the router, and no stale ones", () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(NEEDS).sort());
  });

  // Input is left out on purpose: role checks run before input validation, so a refused role
  // gets UNAUTHORIZED/FORBIDDEN, and an allowed one gets past them (usually to BAD_REQUEST).
  it.each(ROLES)("%s gets exactly the procedures its role allows", async (role) => {
    const config = loadConfig({ NODE_ENV: "test" });
    const caller = createCaller(createContextInner({ db: t.db, config, user: users.get(role) ?? null }));
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const path of Object.keys(NEEDS)) {
      const need = NEEDS[path]!;
      expected[path] =
        RANK[role] >= NEED_RANK[need] ? "allowed" : role === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";
      const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller);
      try {
        await (fn as (input?: unknown) => Promise<unknown>)(undefined);
        outcome[path] = "allowed";
      } catch (err) {
        const code = err instanceof TRPCError ? err.code : "THROWN";
        outcome[path] = code === "UNAUTHORIZED" || code === "FORBIDDEN" ? code : "allowed";
      }
    }
    expect(outcome).toEqual(expected);
  });

  it("enforces the object-level rules and date bounds through the procedures", async () => {
    const config = loadConfig({ NODE_ENV: "test" });
    const as = (role: Role, user?: SessionUser) =>
      createCaller(createContextInner({ db: t.db, config, user: user ?? users.get(role) ?? null }));
    const nurse = users.get("NURSE")!;
    const other = await t.db.user.findFirstOrThrow({
      where: { role: "NURSE", active: true, id: { not: nurse.id } },
      select: { id: true, email: true, name: true, role: true, languages: true, mustChangePassword: true },
    });
    const task = await t.db.escalationTask.findFirstOrThrow({
      where: { status: "OPEN", slaBreachedAt: null },
    });
    await t.db.escalationTask.update({ where: { id: task.id }, data: { assigneeId: other.id } });
    await expect(as("NURSE").task.claim({ id: task.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await as("NURSE", other).task.claim({ id: task.id });
    await expect(
      as("NURSE").task.addNote({ id: task.id, text: "Reached the patient", contact: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = users.get("ADMIN")!;
    await expect(
      as("SUPERVISOR").task.reassign({ ids: [task.id], toUserId: admin.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const episode = await t.db.episode.findFirstOrThrow({ where: { status: "ACTIVE" } });
    for (const scheduledAt of ["+275760-09-13T00:00:00.000Z", "2031-01-01T00:00:00.000Z"]) {
      await expect(
        as("NURSE").appointment.schedule({ episodeId: episode.id, scheduledAt, location: "Clinic" } as never),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(
      as("NURSE").episode.close({ id: "no-such-episode", reason: "test" } as never),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Episode not found" });
  });

  it("audits simulator reads, and the audit trail outlives a deleted patient", async () => {
    const config = loadConfig({ NODE_ENV: "test" });
    const nurse = users.get("NURSE")!;
    const caller = createCaller(
      createContextInner({ db: t.db, config, smsConfig: loadSmsConfig({}), user: nurse }),
    );
    const patient = await t.db.patient.findFirstOrThrow({ select: { id: true } });
    await caller.sim.patients();
    await caller.sim.conversation({ patientId: patient.id });
    const rows = await t.db.auditLog.findMany({ where: { userId: nurse.id, action: "VIEW_SIMULATOR" } });
    expect(rows.map((r) => r.patientId).sort()).toEqual([patient.id, null].sort());
    await t.db.patient.delete({ where: { id: patient.id } });
    expect(await t.db.auditLog.count({ where: { patientId: patient.id } })).toBe(1);
  });
});
