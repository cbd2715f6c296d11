import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { ensureDemoClinic } from "../../demo/demo-clinic.js";
import { now } from "../../lib/clock.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { startDay2Offers } from "./day2-offers.js";
import { prepareOffer, visitWindowDays } from "./offer-times.js";
import { loadVisitSettings } from "./settings.js";

const DAY = 86_400_000;

describe("day-2 offers and the offer window", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("starts one offer per episode on day 2, not for patients with a visit, not before day 2", async () => {
    const jobs = recordingJobs();
    const due = await createPatient(t.db);
    const early = await createPatient(t.db);
    const booked = await createPatient(t.db);
    const at = now();
    await t.db.episode.update({
      where: { id: due.episode.id },
      data: { dischargedAt: new Date(at.getTime() - 2.2 * DAY) },
    });
    await t.db.episode.update({
      where: { id: early.episode.id },
      data: { dischargedAt: new Date(at.getTime() - 1 * DAY) },
    });
    await t.db.episode.update({
      where: { id: booked.episode.id },
      data: { dischargedAt: new Date(at.getTime() - 2.5 * DAY) },
    });
    await t.db.appointment.create({
      data: {
        episodeId: booked.episode.id,
        patientId: booked.patient.id,
        scheduledAt: new Date(at.getTime() + DAY),
        location: "Clinic",
      },
    });
    expect(await startDay2Offers({ db: t.db, jobs }, at)).toEqual({ started: 1 });
    expect(jobs.started).toEqual([`offerVisit:day2:${due.episode.id}`]);
  });

  it("the window is 7 days for heart failure and heart attack, 14 otherwise; no free time means a nurse calls", async () => {
    const s = loadVisitSettings({});
    expect([visitWindowDays("HF", s), visitWindowDays("AMI", s), visitWindowDays("COPD", s)]).toEqual([
      7, 7, 14,
    ]);
    expect(visitWindowDays("HF", loadVisitSettings({ VISIT_WINDOW_DAYS_HIGH_RISK: "5" }))).toBe(5);
    const jobs = recordingJobs();
    const { patient, episode } = await createPatient(t.db);
    const step = await prepareOffer(
      { db: t.db, jobs, settings: s },
      { episodeId: episode.id, cause: "DAY2", key: "k1" },
    );
    expect(step).toEqual({ kind: "SKIP", reason: "NO_SLOTS" });
    expect(
      await t.db.escalationTask.count({
        where: { patientId: patient.id, primaryReason: "FOLLOWUP_NOT_SCHEDULED" },
      }),
    ).toBe(1);
  });

  it("spreads offers: a time already offered to another patient comes after times nobody was offered", async () => {
    await ensureDemoClinic(t.db, { weeks: 3 });
    const deps = { db: t.db, jobs: recordingJobs(), settings: loadVisitSettings({}) };
    const offered: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const { episode } = await createPatient(t.db);
      const step = await prepareOffer(deps, { episodeId: episode.id, cause: "DAY2", key: `spread-${i}` });
      if (step.kind !== "SEND") throw new Error(`no offer: ${step.kind}`);
      offered.push((await t.db.visitOffer.findUniqueOrThrow({ where: { id: step.offerId } })).slotIds);
    }
    const all = offered.flat();
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
    // Prepared side by side (a cohort's day-2 offers): still no time named twice.
    const side = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const { episode } = await createPatient(t.db);
        const step = await prepareOffer(deps, { episodeId: episode.id, cause: "DAY2", key: `side-${i}` });
        if (step.kind !== "SEND") throw new Error(`no offer: ${step.kind}`);
        return (await t.db.visitOffer.findUniqueOrThrow({ where: { id: step.offerId } })).slotIds;
      }),
    );
    expect(new Set([...all, ...side.flat()]).size).toBe(21);
    // Each offer still reads soonest first, on different days where it can.
    for (const ids of offered) {
      const slots = await t.db.slot.findMany({ where: { id: { in: ids } } });
      const times = ids.map((id) => slots.find((s) => s.id === id)!.startsAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
