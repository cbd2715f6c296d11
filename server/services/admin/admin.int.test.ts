import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { signIn } from "../../auth/session-service.js";
import { createShift, deleteShift, listShifts, updateShift } from "./shifts.js";
import { createStaff, listStaff, updateStaff } from "./staff.js";

const HOUR = 60 * 60 * 1000;

describe("admin: staff and on-call shifts", () => {
  let t: TestDatabase;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    adminId = (await t.db.user.findFirstOrThrow({ where: { role: "ADMIN" } })).id;
  });
  afterAll(async () => t.drop());

  const nurse = {
    email: "Rosa.Nurse@Sequora.test",
    name: "Rosa Vega",
    role: "NURSE" as const,
    languages: ["EN" as const, "ES" as const],
    capacity: 8,
    active: true,
  };

  it("creates a Spanish-speaking nurse who can sign in; a second one with the same email conflicts", async () => {
    const created = await createStaff(t.db, { data: nurse, password: "a-long-password-1" });
    expect(created).toMatchObject({ email: "rosa.nurse@sequora.test", languages: ["EN", "ES"], capacity: 8 });
    const session = await signIn(t.db, { email: "rosa.nurse@sequora.test", password: "a-long-password-1" });
    expect(session.user.name).toBe("Rosa Vega");
    await expect(createStaff(t.db, { data: nurse, password: "another-password" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const listed = await listStaff(t.db);
    expect(listed.find((u) => u.email === "rosa.nurse@sequora.test")?.openTasks).toBe(0);
    expect(listed.some((u) => "passwordHash" in u)).toBe(false);
  });

  it("deactivating ends the person's sessions; admins cannot lock themselves out", async () => {
    const user = await createStaff(t.db, {
      data: { ...nurse, email: "leaving@sequora.test" },
      password: "a-long-password-2",
    });
    await signIn(t.db, { email: "leaving@sequora.test", password: "a-long-password-2" });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    await updateStaff(t.db, { id: user.id, data: { active: false, capacity: 0 }, actorId: adminId });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    await expect(
      updateStaff(t.db, { id: adminId, data: { active: false }, actorId: adminId }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      updateStaff(t.db, { id: user.id, data: { email: "ana.nurse@sequora.test" }, actorId: adminId }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("creates, moves and deletes a shift, refusing inverted times and inactive or admin staff", async () => {
    const rosa = await t.db.user.findUniqueOrThrow({ where: { email: "rosa.nurse@sequora.test" } });
    const start = new Date(Date.now() + 2 * HOUR);
    const shift = await createShift(t.db, {
      userId: rosa.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 8 * HOUR),
    });
    expect((await listShifts(t.db, { includePastDays: 0 })).map((s) => s.id)).toContain(shift.id);
    await expect(
      createShift(t.db, { userId: rosa.id, startsAt: start, endsAt: start }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      createShift(t.db, { userId: adminId, startsAt: start, endsAt: new Date(start.getTime() + HOUR) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const leaving = await t.db.user.findUniqueOrThrow({ where: { email: "leaving@sequora.test" } });
    await expect(
      createShift(t.db, { userId: leaving.id, startsAt: start, endsAt: new Date(start.getTime() + HOUR) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const moved = await updateShift(t.db, {
      id: shift.id,
      data: {
        userId: rosa.id,
        startsAt: new Date(start.getTime() + HOUR),
        endsAt: new Date(start.getTime() + 9 * HOUR),
      },
    });
    expect(moved.startsAt.getTime()).toBe(start.getTime() + HOUR);
    await deleteShift(t.db, { id: shift.id });
    await expect(deleteShift(t.db, { id: shift.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
