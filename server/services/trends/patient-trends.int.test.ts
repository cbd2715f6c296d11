import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { episodeSummary } from "./episode-summary.js";
import { getPatientTrends } from "./patient-trends.js";

const DAY = 86_400_000;
const DISCHARGED = new Date("2026-11-20T15:00:00Z");
const at = (day: number, hours = 0) => new Date(DISCHARGED.getTime() + (day - 1) * DAY + hours * 3_600_000);

describe("patient trends and the episode summary from stored answers", () => {
  let t: TestDatabase;
  let viewer: string;
  let hf: { patientId: string; episodeId: string };
  let dm: { patientId: string; episodeId: string };

  async function patient(protocol: "HF" | "DM", n: number) {
    const p = await t.db.patient.create({
      data: {
        mrn: `T-${n}`,
        firstName: "A",
        lastName: "B",
        phone: `+120255501${n}`,
        timeZone: "America/New_York",
      },
    });
    const e = await t.db.episode.create({
      data: {
        patientId: p.id,
        protocol,
        protocolVersion: 1,
        hospitalName: "H",
        dischargedAt: DISCHARGED,
        closesAt: new Date(DISCHARGED.getTime() + 30 * DAY),
      },
    });
    return { patientId: p.id, episodeId: e.id };
  }
  async function checkIn(episodeId: string, slot: number, status: "COMPLETED" | "NO_RESPONSE", late = false) {
    return t.db.checkIn.create({
      data: {
        episodeId,
        slot,
        scheduledAt: at(slot + 1),
        status,
        reminderSentAt: late ? at(slot + 1, 2) : null,
      },
    });
  }
  async function answer(
    episodeId: string,
    checkInId: string,
    topic: string,
    parsedValue: object,
    when: Date,
  ) {
    await t.db.answer.create({
      data: {
        episodeId,
        checkInId,
        topic,
        rawReply: "x",
        parsedValue,
        severity: "NONE",
        explanation: {},
        createdAt: when,
      },
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    viewer = (
      await t.db.user.create({ data: { email: "n@t.test", name: "N", role: "NURSE", passwordHash: "x" } })
    ).id;
    hf = await patient("HF", 1);
    const weights = [181, 182, null, 184, 185];
    for (const [i, w] of weights.entries()) {
      const slot = i + 1;
      const c = await checkIn(hf.episodeId, slot, w === null ? "NO_RESPONSE" : "COMPLETED", slot === 4);
      if (w === null) continue;
      await answer(
        hf.episodeId,
        c.id,
        "hf_weight",
        { kind: "number", value: w, unit: "lb" },
        at(slot + 1, 1),
      );
      await answer(
        hf.episodeId,
        c.id,
        "hf_breathing",
        { kind: "option", value: slot === 5 ? 2 : 1 },
        at(slot + 1, 1),
      );
      await answer(hf.episodeId, c.id, "hf_swelling", { kind: "yes_no", value: slot === 5 }, at(slot + 1, 1));
    }
    // The last check-in (day 7) is missed; an URGENT task two days ago was resolved, a visit is booked.
    await checkIn(hf.episodeId, 6, "NO_RESPONSE");
    await t.db.escalationTask.create({
      data: {
        patientId: hf.patientId,
        episodeId: hf.episodeId,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: "HF_WEIGHT_GAIN",
        reasonCodes: ["HF_WEIGHT_GAIN"],
        status: "RESOLVED",
        slaWarnAt: at(6),
        slaDueAt: at(6),
        createdAt: at(6),
      },
    });
    await t.db.appointment.create({
      data: {
        patientId: hf.patientId,
        episodeId: hf.episodeId,
        scheduledAt: new Date("2026-11-27T15:00:00Z"),
        location: "Clinic",
      },
    });
    dm = await patient("DM", 2);
    const c = await checkIn(dm.episodeId, 1, "COMPLETED");
    await answer(dm.episodeId, c.id, "dm_glucose", { kind: "number", value: 62, unit: "mg/dL" }, at(2, 1));
  });
  afterAll(async () => t?.drop());

  const NOW = at(7, 5); // Thu 26 Nov 2026, 20:00 UTC

  it("reads weights, option and yes/no answers by day with the HF protocol's lines", async () => {
    const trends = await getPatientTrends(t.db, { patientId: hf.patientId, viewerId: viewer, now: NOW });
    expect(trends!.episode).toMatchObject({ day: 7, length: 30, protocol: "HF" });
    expect(trends!.weight!.points.map((p) => [p.day, p.value])).toEqual([
      [2, 181],
      [3, 182],
      [5, 184],
      [6, 185],
    ]);
    expect(trends!.weight!.lines).toEqual([
      { label: "Baseline 181 lb", value: 181 },
      { label: "+2 lb (a day)", value: 183 },
      { label: "+5 lb (a week)", value: 186 },
    ]);
    expect(trends!.glucose).toBeNull();
    expect(trends!.scores.find((s) => s.topic === "hf_breathing")!.points.at(-1)).toMatchObject({
      day: 6,
      value: 2,
    });
    expect(
      trends!.symptoms.find((s) => s.topic === "hf_swelling")!.points.filter((p) => p.value === 1),
    ).toHaveLength(1);
    expect(trends!.checkIns.map((c) => [c.day, c.answered, c.late, c.missed])).toEqual([
      [2, 1, 0, 0],
      [3, 1, 0, 0],
      [4, 0, 0, 1],
      [5, 0, 1, 0],
      [6, 1, 0, 0],
      [7, 0, 0, 1],
    ]);
    expect(trends!.summary).toBe(
      "Day 7 of 30. Weight up 4 lb in 4 days, one URGENT task this week (resolved), missed last check-in, follow-up visit Fri 10:00.",
    );
    // Reading the trends is a look at the patient's record.
    expect(await t.db.auditLog.count({ where: { patientId: hf.patientId, action: "VIEW_PATIENT" } })).toBe(1);
  });

  it("draws the DM protocol's low and high lines and flags a low reading in the summary", async () => {
    const trends = await getPatientTrends(t.db, { patientId: dm.patientId, viewerId: viewer, now: NOW });
    expect(trends!.weight).toBeNull();
    expect(trends!.glucose!.lines).toEqual([
      { label: "Severe low 54", value: 54 },
      { label: "Low 70", value: 70 },
      { label: "High 300", value: 300 },
    ]);
    expect(await episodeSummary(t.db, dm.episodeId, NOW)).toBe(
      "Day 7 of 30. Last blood sugar 62 mg/dL (low), answered last check-in.",
    );
  });

  it("a patient without an episode has no trends; an unknown patient is not found", async () => {
    const lone = await t.db.patient.create({
      data: { mrn: "T-9", firstName: "C", lastName: "D", phone: "+12025550199" },
    });
    expect(await getPatientTrends(t.db, { patientId: lone.id, viewerId: viewer, now: NOW })).toBeNull();
    await expect(
      getPatientTrends(t.db, { patientId: "nope", viewerId: viewer, now: NOW }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
