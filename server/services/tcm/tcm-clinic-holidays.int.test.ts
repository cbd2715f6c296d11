import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { admitPatient } from "../../demo/flows.js";
import { realNow, shiftProcessClock } from "../../engine/index.js";
import { episodeSelect, loadTcmFacts } from "./tcm-facts.js";
import { evaluateTcm } from "./tcm-rules.js";

// Monday 1 March 2027, 10:00 in New York: without holidays the contact is due by the end of Wednesday.
const DISCHARGE = Date.parse("2027-03-01T15:00:00Z");
const CALENDAR = { timeZone: "America/New_York", holidays: [] };

describe("TCM counts the episode's clinic's holidays", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
  });
  afterAll(async () => t.drop());

  async function discharge() {
    const suffix = randomBytes(5).toString("hex");
    shiftProcessClock(DISCHARGE - realNow());
    try {
      return await admitPatient(
        t.db,
        {
          firstName: `Hol${suffix}`,
          lastName: "Case",
          mrn: `HOL-${suffix}`,
          phone: `+1999${randomInt(1_000_000, 9_999_999)}`,
          preferredLanguage: "EN",
          timeZone: "America/New_York",
          protocol: "HF",
          dischargedAt: new Date(DISCHARGE),
          highRiskMedClasses: [],
        },
        "Test Hospital",
      );
    } finally {
      shiftProcessClock(0);
    }
  }
  async function dueBy(episodeId: string) {
    const row = await t.db.episode.findUniqueOrThrow({ where: { id: episodeId }, select: episodeSelect });
    const facts = await loadTcmFacts(t.db, [row], CALENDAR, new Date(DISCHARGE));
    return evaluateTcm(facts.get(episodeId)!).contact.dueBy.toISOString();
  }

  it.each<[string, "DEFAULT" | "BOOKED", string[], string[], string]>([
    ["no clinic holidays: end of Wednesday", "DEFAULT", [], [], "2027-03-04T04:59:59.999Z"],
    [
      "default clinic closed Tuesday: end of Thursday",
      "DEFAULT",
      ["2027-03-02"],
      [],
      "2027-03-05T04:59:59.999Z",
    ],
    [
      "the booked visit's clinic wins over the default",
      "BOOKED",
      ["2027-03-02"],
      [],
      "2027-03-04T04:59:59.999Z",
    ],
    ["the booked visit's clinic closed Wednesday", "BOOKED", [], ["2027-03-03"], "2027-03-05T04:59:59.999Z"],
  ])("%s", async (_name, which, defaultHolidays, otherHolidays, expected) => {
    const first = await t.db.clinic.findFirstOrThrow({
      where: { active: true },
      orderBy: { createdAt: "asc" },
    });
    await t.db.clinic.update({ where: { id: first.id }, data: { holidays: defaultHolidays } });
    const p = await discharge();
    if (which === "BOOKED") {
      const other = await t.db.clinic.create({
        data: {
          name: `Other ${randomBytes(3).toString("hex")}`,
          address: "1 Side Street",
          phone: "+15550000000",
          holidays: otherHolidays,
        },
      });
      const clinician = await t.db.clinician.create({ data: { clinicId: other.id, name: "Dr. Other" } });
      const startsAt = new Date(DISCHARGE + 5 * 86_400_000);
      const slot = await t.db.slot.create({
        data: {
          clinicId: other.id,
          clinicianId: clinician.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 1_800_000),
          status: "BOOKED",
        },
      });
      await t.db.appointment.create({
        data: { ...p, scheduledAt: startsAt, location: "Other", slotId: slot.id },
      });
    }
    expect(await dueBy(p.episodeId)).toBe(expected);
  });
});
