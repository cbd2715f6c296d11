import { TZDate } from "@date-fns/tz";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { prepareOffer } from "./offer-times.js";
import { loadVisitSettings } from "./settings.js";

// The pick of times an offer names (`sequora_make_visit_offer`, one call under the offers' lock),
// on a clinic of its own per case: every other clinic is closed first.
const ZONE = "America/Denver";

describe("the times a visit offer names", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());
  beforeEach(async () => {
    await t.db.clinic.updateMany({ data: { active: false } });
  });

  /** `days` ahead of today in the clinic's zone, at a local hour and minute. */
  function local(days: number, hour: number, minute = 0): Date {
    const today = new TZDate(Date.now(), ZONE);
    return new Date(
      new TZDate(
        today.getFullYear(),
        today.getMonth(),
        today.getDate() + days,
        hour,
        minute,
        0,
        ZONE,
      ).getTime(),
    );
  }

  async function clinicWith(slots: Array<{ at: Date; languages?: ("EN" | "ES")[] }>) {
    const clinic = await t.db.clinic.create({
      data: { name: "Pick Clinic", address: "1 Main St", phone: "+13035550100", timeZone: ZONE },
    });
    const ids: string[] = [];
    for (const [i, s] of slots.entries()) {
      const clinician = await t.db.clinician.create({
        data: { clinicId: clinic.id, name: `Dr ${i}`, languages: s.languages ?? ["EN"] },
      });
      const slot = await t.db.slot.create({
        data: {
          clinicId: clinic.id,
          clinicianId: clinician.id,
          startsAt: s.at,
          endsAt: new Date(s.at.getTime() + 30 * 60_000),
        },
      });
      ids.push(slot.id);
    }
    return ids;
  }

  async function offerFor(episodeId: string, key: string): Promise<string[]> {
    const deps = { db: t.db, jobs: recordingJobs(), settings: loadVisitSettings({}) };
    const step = await prepareOffer(deps, { episodeId, cause: "DAY2", key });
    if (step.kind !== "SEND") throw new Error(`no offer: ${step.kind}`);
    return (await t.db.visitOffer.findUniqueOrThrow({ where: { id: step.offerId } })).slotIds;
  }

  it("one time per local day at the clinic first, soonest first; a late evening is still that day", async () => {
    // 17:30 in Denver is after midnight UTC: counted by UTC dates, b would be day 2's first time.
    const [a, , c, d] = await clinicWith([
      { at: local(1, 9) },
      { at: local(1, 17, 30) },
      { at: local(2, 9) },
      { at: local(3, 9) },
    ]);
    const { episode } = await createPatient(t.db);
    expect(await offerFor(episode.id, "days")).toEqual([a, c, d]);
  });

  it("with fewer days than three, the rest are filled from what is left, listed by time", async () => {
    const [a, b, c] = await clinicWith([{ at: local(1, 9) }, { at: local(1, 10) }, { at: local(2, 9) }]);
    const { episode } = await createPatient(t.db);
    expect(await offerFor(episode.id, "fill")).toEqual([a, b, c]);
  });

  it("only times of clinicians who speak the patient's language, none sooner than two hours from now", async () => {
    const [, , es1, es2] = await clinicWith([
      { at: new Date(Date.now() + 60 * 60_000), languages: ["ES"] },
      { at: local(1, 9), languages: ["EN"] },
      { at: local(2, 9), languages: ["ES", "EN"] },
      { at: local(3, 9), languages: ["ES"] },
    ]);
    const { episode } = await createPatient(t.db, { preferredLanguage: "ES" });
    expect(await offerFor(episode.id, "lang")).toEqual([es1, es2]);
  });

  it("a time another open offer names comes after the ones nobody was offered", async () => {
    const [a, b, c, d] = await clinicWith([
      { at: local(1, 9) },
      { at: local(2, 9) },
      { at: local(3, 9) },
      { at: local(4, 9) },
    ]);
    const first = await createPatient(t.db);
    expect(await offerFor(first.episode.id, "first")).toEqual([a, b, c]);
    const second = await createPatient(t.db);
    // d nobody was offered; of the three named once, the soonest days.
    expect(await offerFor(second.episode.id, "second")).toEqual([a, b, d]);
  });

  it("a new offer supersedes the patient's open one; the same key gives the same offer back", async () => {
    await clinicWith([{ at: local(1, 9) }, { at: local(2, 9) }]);
    const { patient, episode } = await createPatient(t.db);
    const one = await offerFor(episode.id, "again-1");
    expect(await offerFor(episode.id, "again-1")).toEqual(one);
    await offerFor(episode.id, "again-2");
    const offers = await t.db.visitOffer.findMany({
      where: { patientId: patient.id },
      orderBy: { key: "asc" },
    });
    expect(offers.map((o) => [o.key, o.status])).toEqual([
      ["again-1", "SUPERSEDED"],
      ["again-2", "OPEN"],
    ]);
    // Stamped with the app's clock, in UTC as Prisma stores it (a zone slip would be hours off).
    expect(Math.abs(offers[1]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
