import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { now } from "../../lib/clock.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { recordVisitOutcome } from "./visit-outcome.js";

const HOUR = 3_600_000;

describe("record a visit's outcome", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  async function visit(hoursFromNow: number) {
    const { patient, episode } = await createPatient(t.db);
    const appt = await t.db.appointment.create({
      data: {
        patientId: patient.id,
        episodeId: episode.id,
        scheduledAt: new Date(now().getTime() + hoursFromNow * HOUR),
        location: "Clinic",
      },
    });
    return { patient, episode, appt };
  }

  it("attended: COMPLETED with who said so, starts the after-visit questions once", async () => {
    const { appt } = await visit(-1);
    const jobs = recordingJobs();
    const input = { appointmentId: appt.id, outcome: "ATTENDED", userId: null, source: "EHR" } as const;
    await expect(recordVisitOutcome({ db: t.db, jobs }, input)).resolves.toEqual({ changed: true });
    await expect(recordVisitOutcome({ db: t.db, jobs }, input)).resolves.toEqual({ changed: false });
    expect(jobs.started).toEqual([`afterVisit:${appt.id}`]);
    const row = await t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } });
    expect(row).toMatchObject({ status: "COMPLETED", outcomeSource: "EHR", outcomeById: null });
    expect(row.outcomeAt).toBeInstanceOf(Date);
  });

  it("no-show: MISSED, new times offered at once and one routine task; repeat is a no-op", async () => {
    const { appt, episode } = await visit(-2);
    const jobs = recordingJobs();
    const input = { appointmentId: appt.id, outcome: "NO_SHOW", userId: "u1", source: "STAFF" } as const;
    await expect(recordVisitOutcome({ db: t.db, jobs }, input)).resolves.toEqual({ changed: true });
    await expect(recordVisitOutcome({ db: t.db, jobs }, input)).resolves.toEqual({ changed: false });
    expect(jobs.started.filter((s) => s.startsWith("offerVisit"))).toEqual([`offerVisit:noshow:${appt.id}`]);
    const tasks = await t.db.escalationTask.findMany({ where: { episodeId: episode.id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ severity: "ROUTINE", primaryReason: "APPOINTMENT_MISSED" });
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toMatchObject({
      status: "MISSED",
      outcomeById: "u1",
    });
    // The EHR later says the patient came after all: the correction counts, questions start.
    await expect(
      recordVisitOutcome({ db: t.db, jobs }, { ...input, outcome: "ATTENDED", source: "EHR" }),
    ).resolves.toEqual({ changed: true });
    expect(jobs.started).toContain(`afterVisit:${appt.id}`);
  });

  it("refuses a future visit, a cancelled one and an unknown id", async () => {
    const jobs = recordingJobs();
    const future = await visit(3);
    const base = { outcome: "ATTENDED", userId: null, source: "STAFF" } as const;
    await expect(
      recordVisitOutcome({ db: t.db, jobs }, { ...base, appointmentId: future.appt.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const canceled = await visit(-1);
    await t.db.appointment.update({ where: { id: canceled.appt.id }, data: { status: "CANCELED" } });
    await expect(
      recordVisitOutcome({ db: t.db, jobs }, { ...base, appointmentId: canceled.appt.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      recordVisitOutcome({ db: t.db, jobs }, { ...base, appointmentId: "missing" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(jobs.started).toEqual([]);
  });

  it("attended cannot turn into a no-show once the after-visit questions went out", async () => {
    const { appt, episode } = await visit(-30);
    const jobs = recordingJobs();
    const base = { appointmentId: appt.id, userId: null, source: "SIMULATION" } as const;
    await recordVisitOutcome({ db: t.db, jobs }, { ...base, outcome: "ATTENDED" });
    await t.db.checkIn.create({
      data: {
        episodeId: episode.id,
        slot: -1,
        scheduledAt: now(),
        status: "COMPLETED",
        appointmentId: appt.id,
        afterVisit: "24H",
      },
    });
    await expect(
      recordVisitOutcome({ db: t.db, jobs }, { ...base, outcome: "NO_SHOW" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
