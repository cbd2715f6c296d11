import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { bookAppointment, markAttended } from "./book-appointment.js";
import { askToMarkOutcome, planReminders, reminderDue } from "./reminders.js";

const HOUR = 3_600_000;

// The job starter is the seam to the run engine; these tests look at what the service asks it for.
function recordingJobs() {
  const calls: string[] = [];
  const jobs: JobStarter = {
    enroll: async () => "run_enroll",
    routeInbound: async () => {},
    assign: async (t) => void calls.push(`assign:${t.id}`),
    reassignAfterRelease: async () => {},
    monitorSla: async (t) => {
      calls.push(`sla:${t.id}`);
      return "run_sla";
    },
    afterResolve: async () => {},
    remindAppointment: async (a) => {
      calls.push(`remind:${a.id}`);
      return `run_${a.id}`;
    },
    offerVisit: async () => {},
    visitRequest: async () => "run_request",
    resumeVisitRequest: async () => {},
    afterVisit: async (a) => void calls.push(`after:${a.id}`),
    cancel: async () => {},
  };
  return { jobs, calls };
}

describe("remind about an appointment", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("books on an active episode only, in the future, and starts the reminders once", async () => {
    const { episode } = await createPatient(t.db);
    const { jobs, calls } = recordingJobs();
    const booking = { episodeId: episode.id, location: "Clinic B", transportNeeded: false };
    await expect(
      bookAppointment({ db: t.db, jobs }, { ...booking, scheduledAt: new Date(now().getTime() - HOUR) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      bookAppointment(
        { db: t.db, jobs },
        { ...booking, episodeId: "missing", scheduledAt: new Date(now().getTime() + HOUR) },
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const booked = await bookAppointment(
      { db: t.db, jobs },
      { ...booking, scheduledAt: new Date(now().getTime() + 48 * HOUR) },
    );
    expect(calls).toEqual([`remind:${booked.appointmentId}`]);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).toMatchObject({
      runId: booked.runId,
      status: "SCHEDULED",
    });
    await t.db.episode.update({ where: { id: episode.id }, data: { status: "CLOSED" } });
    await expect(
      bookAppointment({ db: t.db, jobs }, { ...booking, scheduledAt: new Date(now().getTime() + HOUR) }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("sends each reminder when due, skips one gone stale, stops once attended", async () => {
    const { episode } = await createPatient(t.db);
    const { jobs } = recordingJobs();
    const { appointmentId } = await bookAppointment(
      { db: t.db, jobs },
      {
        episodeId: episode.id,
        location: "Clinic",
        transportNeeded: false,
        scheduledAt: new Date(now().getTime() + 26 * HOUR),
      },
    );
    const plan = (await planReminders(t.db, appointmentId, 4))!;
    expect(plan.reminders.map((r) => r.which)).toEqual(["24h", "2h"]);
    expect(await reminderDue(t.db, plan, plan.reminders[0]!)).toMatchObject({
      kind: "SEND",
      text: { template: "appt.reminder_24h", idempotencyKey: `appt:${appointmentId}:24h` },
    });
    expect(await reminderDue(t.db, plan, { which: "2h", at: new Date(now().getTime() - 2 * HOUR) })).toEqual({
      kind: "SKIP",
    });
    await markAttended(t.db, appointmentId);
    expect(await reminderDue(t.db, plan, plan.reminders[1]!)).toEqual({ kind: "STOP", outcome: "COMPLETED" });
    await expect(markAttended(t.db, appointmentId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await askToMarkOutcome({ db: t.db, jobs }, plan)).toBe("MARKED_OR_CANCELED");
    expect(await planReminders(t.db, "missing", 4)).toBeNull();
  });

  it("a visit nobody marked becomes one routine task asking staff to mark it (not a silent MISSED)", async () => {
    const { episode } = await createPatient(t.db);
    const { jobs, calls } = recordingJobs();
    const { appointmentId } = await bookAppointment(
      { db: t.db, jobs },
      {
        episodeId: episode.id,
        location: "Clinic",
        transportNeeded: true,
        scheduledAt: new Date(now().getTime() + HOUR),
      },
    );
    const plan = (await planReminders(t.db, appointmentId, 4))!;
    expect(plan.markBy.getTime() - plan.scheduledAt.getTime()).toBe(4 * HOUR);
    expect(await askToMarkOutcome({ db: t.db, jobs }, plan)).toBe("ASKED");
    expect(await askToMarkOutcome({ db: t.db, jobs }, plan)).toBe("ASKED");
    const tasks = await t.db.escalationTask.findMany({ where: { episodeId: episode.id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      severity: "ROUTINE",
      primaryReason: "VISIT_OUTCOME_UNKNOWN",
      status: "OPEN",
    });
    expect(calls).toContain(`assign:${tasks[0]!.id}`);
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })).toMatchObject({
      status: "SCHEDULED",
    });
    await markAttended(t.db, appointmentId);
    expect(await askToMarkOutcome({ db: t.db, jobs }, plan)).toBe("MARKED_OR_CANCELED");
  });
});
