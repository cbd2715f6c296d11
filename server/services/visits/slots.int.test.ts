import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { ensureDemoClinic } from "../../demo/demo-clinic.js";
import { createClinic, createClinician, listClinics, setAvailability, updateClinic } from "./clinics.js";
import { generateAllSlots, listFreeSlots, regenerateSlots } from "./slots.js";

// Monday 2026-12-07 00:00 in New York.
const MONDAY = new Date("2026-12-07T05:00:00Z");
const HOUR = 3_600_000;
const clinicData = {
  name: "Test Clinic",
  address: "1 Main Street",
  phone: "+12025550111",
  parkingNotes: "",
  buildingNotes: "",
  prepNotes: "",
  timeZone: "America/New_York",
  holidays: [],
  active: true,
};
const mornings = {
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 540,
  endMinute: 600,
  slotMinutes: 30,
  bufferMinutes: 0,
};

describe("clinics, availability and slots", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  async function clinician() {
    const clinic = await createClinic(t.db, clinicData);
    const c = await createClinician(t.db, {
      clinicId: clinic.id,
      name: "Dr. Test",
      languages: ["EN"],
      visitTypes: ["FOLLOW_UP"],
      active: true,
    });
    return { clinicId: clinic.id, clinicianId: c.id };
  }
  const slotsOf = (clinicianId: string) =>
    t.db.slot.findMany({
      where: { clinicianId },
      orderBy: { startsAt: "asc" },
      select: { startsAt: true, status: true },
    });

  it("generates a week of slots once, however often it runs", async () => {
    const { clinicianId } = await clinician();
    await t.db.availabilityRule.create({ data: { clinicianId, ...mornings } });
    expect(await regenerateSlots(t.db, { clinicianId, from: MONDAY, weeks: 1 })).toEqual({
      created: 10,
      removed: 0,
    });
    expect(await regenerateSlots(t.db, { clinicianId, from: MONDAY, weeks: 1 })).toEqual({
      created: 0,
      removed: 0,
    });
    expect((await slotsOf(clinicianId))[0]!.startsAt.toISOString()).toBe("2026-12-07T14:00:00.000Z");
  });

  it("changing availability moves free slots and leaves held and booked ones alone", async () => {
    const { clinicianId } = await clinician();
    await t.db.availabilityRule.create({ data: { clinicianId, ...mornings } });
    await regenerateSlots(t.db, { clinicianId, from: MONDAY, weeks: 1 });
    const [first, second] = await t.db.slot.findMany({
      where: { clinicianId },
      orderBy: { startsAt: "asc" },
      take: 2,
    });
    await t.db.slot.update({ where: { id: first!.id }, data: { status: "BOOKED" } });
    await t.db.slot.update({
      where: { id: second!.id },
      data: { status: "HELD", holdExpiresAt: new Date(MONDAY.getTime() + 12 * HOUR) },
    });
    // Now afternoons only, 45-minute visits, and Wednesday off.
    await t.db.availabilityRule.deleteMany({ where: { clinicianId } });
    await t.db.availabilityRule.create({
      data: {
        clinicianId,
        weekdays: [1, 2, 3, 4, 5],
        startMinute: 780,
        endMinute: 870,
        slotMinutes: 45,
        bufferMinutes: 0,
      },
    });
    await t.db.availabilityException.create({ data: { clinicianId, date: "2026-12-09" } });
    const r = await regenerateSlots(t.db, { clinicianId, from: MONDAY, weeks: 1 });
    expect(r).toEqual({ created: 8, removed: 8 });
    const slots = await slotsOf(clinicianId);
    expect(slots.filter((s) => s.status !== "FREE").map((s) => s.status)).toEqual(["BOOKED", "HELD"]);
    expect(slots.filter((s) => s.startsAt.toISOString().startsWith("2026-12-09"))).toEqual([]);
    expect(slots.find((s) => s.startsAt.toISOString() === "2026-12-07T18:00:00.000Z")?.status).toBe("FREE");
  });

  it("setAvailability replaces the rules and regenerates; a clinic holiday removes that day", async () => {
    const { clinicId, clinicianId } = await clinician();
    await expect(
      setAvailability(t.db, {
        clinicianId,
        rules: [{ ...mornings, endMinute: 550 }],
        exceptions: [],
        weeks: 1,
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      setAvailability(t.db, { clinicianId: "missing", rules: [], exceptions: [], weeks: 1 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const set = await setAvailability(t.db, {
      clinicianId,
      rules: [{ ...mornings, weekdays: [0, 1, 2, 3, 4, 5, 6] }],
      exceptions: [{ date: "2099-01-01", reason: "leave" }],
      weeks: 1,
    });
    expect(set.created).toBe(14);
    const tomorrow = new Date(Date.now() + 24 * HOUR).toLocaleDateString("en-CA", {
      timeZone: "America/New_York",
    });
    await updateClinic(t.db, { id: clinicId, data: { ...clinicData, holidays: [tomorrow] }, weeks: 1 });
    const slots = await t.db.slot.findMany({ where: { clinicianId }, select: { startsAt: true } });
    const days = new Set(
      slots.map((s) => s.startsAt.toLocaleDateString("en-CA", { timeZone: "America/New_York" })),
    );
    expect(days.has(tomorrow)).toBe(false);
    const listed = (await listClinics(t.db)).find((c) => c.id === clinicId)!;
    expect(listed.clinicians[0]).toMatchObject({ exceptions: [{ date: "2099-01-01", reason: "leave" }] });
    expect(listed.clinicians[0]!.upcoming.free).toBe(slots.length);
  });

  it("the nightly run fills every clinician's weeks and removes unbooked past slots", async () => {
    const { clinicianId } = await clinician();
    await t.db.availabilityRule.create({ data: { clinicianId, ...mornings } });
    await regenerateSlots(t.db, { clinicianId, from: MONDAY, weeks: 1 });
    const [booked] = await t.db.slot.findMany({
      where: { clinicianId },
      orderBy: { startsAt: "asc" },
      take: 1,
    });
    await t.db.slot.update({ where: { id: booked!.id }, data: { status: "BOOKED" } });
    const nextMonday = new Date(MONDAY.getTime() + 7 * 24 * HOUR);
    const report = await generateAllSlots(t.db, { at: nextMonday, weeks: 1 });
    expect(report.pastRemoved).toBeGreaterThanOrEqual(9);
    const again = await generateAllSlots(t.db, { at: nextMonday, weeks: 1 });
    expect(again).toMatchObject({ created: 0, removed: 0, pastRemoved: 0 });
    const left = await slotsOf(clinicianId);
    expect(left[0]).toMatchObject({ status: "BOOKED" });
    expect(left.filter((s) => s.startsAt >= nextMonday)).toHaveLength(10);
  });

  it("seeds the demo clinic once, and a picker lists free slots by language", async () => {
    const fresh = await createTestDatabase();
    try {
      expect(await ensureDemoClinic(fresh.db, { weeks: 2 })).toBe(true);
      expect(await ensureDemoClinic(fresh.db, { weeks: 2 })).toBe(false);
      const es = await listFreeSlots(fresh.db, {
        to: new Date(Date.now() + 14 * 24 * HOUR),
        language: "ES",
        limit: 5,
      });
      expect(es).toHaveLength(5);
      expect(es.every((s) => s.clinician.languages.includes("ES"))).toBe(true);
      const all = await listFreeSlots(fresh.db, { to: new Date(Date.now() + 14 * 24 * HOUR), limit: 200 });
      expect(new Set(all.map((s) => s.clinician.name)).size).toBe(2);
    } finally {
      await fresh.drop();
    }
  });
});
