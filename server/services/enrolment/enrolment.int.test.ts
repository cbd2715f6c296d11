import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { now } from "../../lib/clock.js";
import { slotTime } from "../checkins/schedule.js";
import {
  checkInForSlot,
  closeAtDay30,
  enrolFromCsv,
  enrolPatient,
  isStillFollowed,
  previewDischargeCsv,
  startFollowUp,
} from "./index.js";
import { type Discharge, dischargeSchema } from "./intake-schema.js";

const HOUR = 3_600_000;

describe("enrol a patient", () => {
  let t: TestDatabase;
  const started: string[] = [];
  // The job starter is the seam to the run engine; trigger/enrollment.int.test.ts runs the real one.
  const jobs = {
    enroll: async (episode: { id: string; patientId: string }) => {
      started.push(episode.id);
      return `run_${episode.id}`;
    },
  };
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());
  const deps = () => ({ db: t.db, jobs, hospitalName: "Test Hospital" });

  const discharge = (n: number, over: Partial<Discharge> = {}): Discharge =>
    dischargeSchema.parse({
      firstName: `Pat${n}`,
      lastName: "Example",
      mrn: `ENR-${n}`,
      phone: `+1202555070${n}`,
      protocol: "HF",
      dischargedAt: now(),
      ...over,
    });

  it("creates patient and episode, starts the follow-up once and records its run on the episode", async () => {
    const created = await enrolPatient(deps(), discharge(1));
    expect(created.runId).toBe(`run_${created.episodeId}`);
    const episode = await t.db.episode.findUniqueOrThrow({ where: { id: created.episodeId } });
    expect(episode).toMatchObject({
      enrollRunId: created.runId,
      status: "ACTIVE",
      hospitalName: "Test Hospital",
    });
    expect(episode.closesAt.getTime() - episode.dischargedAt.getTime()).toBe(30 * 24 * HOUR);
    await expect(enrolPatient(deps(), discharge(1))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(started.filter((id) => id === created.episodeId)).toHaveLength(1);
  });

  it("imports a CSV row by row: a refused row does not stop the others, a missing column stops all", async () => {
    const csv = [
      "firstName,lastName,mrn,phone,preferredLanguage,timeZone,protocol,dischargedAt",
      `Ana,Lopez,ENR-2,+12025550702,ES,America/Chicago,COPD,${now().toISOString()}`,
      `Bo,Chen,ENR-1,+12025550701,EN,America/New_York,HF,${now().toISOString()}`,
      `Cy,Doe,bad mrn!,+12025550703,EN,America/New_York,HF,${now().toISOString()}`,
    ].join("\n");
    expect(previewDischargeCsv(csv).rows.map((r) => r.ok)).toEqual([true, true, false]);
    const imported = await enrolFromCsv(deps(), csv);
    expect(imported.created).toBe(1);
    expect(imported.rows.map((r) => r.ok)).toEqual([true, false, false]);
    expect(imported.rows[1]).toMatchObject({
      line: 3,
      errors: ["This patient already has an active follow-up episode"],
    });
    expect(() => previewDischargeCsv("firstName,lastName\nA,B")).toThrow(/Missing column/);
  });

  it("gives the follow-up its steps: welcome while consent is pending, slots until day 30, close once", async () => {
    const { episodeId } = await enrolPatient(deps(), discharge(4, { timeZone: "UTC" }));
    const followUp = await startFollowUp(t.db, episodeId);
    expect(followUp?.welcome).toMatchObject({
      template: "consent.request",
      idempotencyKey: `enroll:${episodeId}:consent`,
    });
    expect(followUp?.settledSlots.size).toBe(0);
    const first = await checkInForSlot(t.db, followUp!, 1);
    expect(first!.scheduledAt.getTime()).toBeGreaterThanOrEqual(followUp!.dischargedAt.getTime() + 24 * HOUR);
    expect(await checkInForSlot(t.db, followUp!, 1)).toEqual(first);
    expect(await isStillFollowed(t.db, episodeId)).toBe(true);

    const closing = await closeAtDay30(t.db, followUp!);
    expect(closing.closed).toBe(true);
    expect(closing.farewell).toMatchObject({ template: "episode.closing" });
    expect(await closeAtDay30(t.db, followUp!)).toEqual({ closed: false, farewell: null });
    expect(await isStillFollowed(t.db, episodeId)).toBe(false);
    expect(await startFollowUp(t.db, episodeId)).toBeNull();
    expect((await t.db.checkIn.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe("CANCELED");
  });

  it("times each slot from the one before and the well streak, makes it once, and stops before day 30", async () => {
    const { episodeId } = await enrolPatient(deps(), discharge(5, { timeZone: "America/Chicago" }));
    const followUp = (await startFollowUp(t.db, episodeId))!;
    const one = (await checkInForSlot(t.db, followUp, 1))!;
    expect(one.scheduledAt).toEqual(
      slotTime({
        dischargedAt: followUp.dischargedAt,
        previous: null,
        consecutiveWell: 0,
        timeZone: "America/Chicago",
      }),
    );
    // Two executions of the same step at once: one row, both get it.
    const [two, twoAgain] = await Promise.all([
      checkInForSlot(t.db, followUp, 2),
      checkInForSlot(t.db, followUp, 2),
    ]);
    expect(twoAgain).toEqual(two);
    expect(await t.db.checkIn.count({ where: { episodeId, slot: 2 } })).toBe(1);
    expect(two!.scheduledAt).toEqual(
      slotTime({
        dischargedAt: followUp.dischargedAt,
        previous: one.scheduledAt,
        consecutiveWell: 0,
        timeZone: "America/Chicago",
      }),
    );
    // Three well check-ins in a row: the next slot is 72 h on (then out of quiet hours).
    await t.db.episode.update({ where: { id: episodeId }, data: { consecutiveWell: 3 } });
    const three = (await checkInForSlot(t.db, followUp, 3))!;
    expect(three.scheduledAt.getTime() - two!.scheduledAt.getTime()).toBeGreaterThanOrEqual(72 * HOUR);
    // A slot made before the streak changed keeps its time.
    await t.db.episode.update({ where: { id: episodeId }, data: { consecutiveWell: 0 } });
    expect(await checkInForSlot(t.db, followUp, 3)).toEqual(three);

    const times = [one, two!, three].map((c) => c.scheduledAt.getTime());
    for (let slot = 4; ; slot++) {
      const next = await checkInForSlot(t.db, followUp, slot);
      if (!next) break;
      expect(next.scheduledAt.getTime()).toBeGreaterThan(times.at(-1)!);
      times.push(next.scheduledAt.getTime());
    }
    expect(times.at(-1)!).toBeLessThan(followUp.closesAt.getTime());
    expect(times.length).toBeGreaterThan(8);
    await expect(checkInForSlot(t.db, { ...followUp, episodeId: "no-such-episode" }, 1)).rejects.toThrow(
      "not found",
    );
  });
});
