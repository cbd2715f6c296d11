import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../../server/jobs/index.js";
import { reminderSchedule } from "../../server/services/appointments/reminder-times.js";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = "America/New_York";

/**
 * Reminders, transport, attended / no-show and the after-visit questions, through the real tasks
 * on the embedded engine with the clock advanced.
 */
describe("reminders and after the visit", () => {
  let h: AppHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, TZ);
  });
  afterAll(async () => h?.stop());

  // A consented patient whose regular check-ins are stopped, so every reply below is read as a
  // reply to the visit texts (a check-in question waiting would take it first).
  async function patient() {
    const nurse = await h.as("ana.nurse@sequora.test");
    n++;
    const made = await nurse.episode.create({
      firstName: `After${n}`,
      lastName: "Example",
      mrn: `AFT-${n}`,
      phone: `+1202555081${n}`,
      preferredLanguage: "EN",
      timeZone: TZ,
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
    });
    await eventually(
      "consent request",
      async () => (await h.t.db.message.count({ where: { patientId: made.patientId } })) > 0,
    );
    await nurse.sim.reply({ patientId: made.patientId, body: "YES" });
    const episode = await eventually("consent and run", async () => {
      const p = await h.t.db.patient.findUniqueOrThrow({ where: { id: made.patientId } });
      const e = await h.t.db.episode.findUniqueOrThrow({ where: { id: made.episodeId } });
      return p.consentStatus === "GRANTED" && e.enrollRunId ? e : null;
    });
    await jobs.cancel(episode.enrollRunId!);
    await h.t.db.checkIn.updateMany({
      where: { episodeId: made.episodeId, status: { in: ["SCHEDULED", "IN_PROGRESS"] } },
      data: { status: "CANCELED", waitTokenId: null },
    });
    return { nurse, ...made };
  }

  async function book(p: Awaited<ReturnType<typeof patient>>, hoursAhead: number) {
    const free = await p.nurse.visit.slots({
      to: new Date(h.engine.clock.now().getTime() + 10 * DAY),
      limit: 200,
    });
    const slot = free.find((s) => s.startsAt.getTime() > h.engine.clock.now().getTime() + hoursAhead * HOUR)!;
    await p.nurse.visit.book({ episodeId: p.episodeId, slotId: slot.id });
    return h.t.db.appointment.findFirstOrThrow({ where: { episodeId: p.episodeId, slotId: slot.id } });
  }

  const texts = (patientId: string, template: string, count = 1) =>
    eventually(`${count} ${template} text(s)`, async () => {
      const m = await h.t.db.message.findMany({
        where: { patientId, template, direction: "OUTBOUND" },
        orderBy: { createdAt: "asc" },
      });
      return m.length >= count ? m : null;
    });
  const task = (patientId: string, reason: string) =>
    eventually(`${reason} task`, () =>
      h.t.db.escalationTask.findFirst({ where: { patientId, primaryReason: reason } }),
    );

  it("reminders with the clinic's details; YES confirms; no ride -> task -> booked -> ride line; unmarked -> task; attended -> questions judged", async () => {
    const p = await patient();
    const appt = await book(p, 30);
    const clinic = await h.t.db.slot.findUniqueOrThrow({
      where: { id: appt.slotId! },
      include: { clinic: true, clinician: true },
    });
    const [r24, r2] = reminderSchedule(appt.scheduledAt, TZ);
    expect(r24?.which).toBe("24h");

    await h.advanceTo(r24!.at);
    const [first] = await texts(p.patientId, "appt.reminder_24h");
    expect(first!.body).toContain(clinic.clinician.name);
    expect(first!.body).toContain(clinic.clinic.address.slice(0, 20));
    expect(first!.body).toContain(`${clinic.clinic.prepNotes.slice(0, 60)}`);
    expect(first!.body).toContain("Reply YES to confirm or R to change the time.");

    await p.nurse.sim.reply({ patientId: p.patientId, body: "YES" });
    await eventually("confirmed", async () => {
      const a = await h.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } });
      return a.status === "CONFIRMED" && a.confirmedAt;
    });

    await p.nurse.sim.reply({ patientId: p.patientId, body: "I have no ride" });
    const ride = await task(p.patientId, "TRANSPORT_NEEDED");
    expect(ride.severity).toBe("ROUTINE");
    const created = await h.t.db.taskEvent.findFirstOrThrow({ where: { taskId: ride.id, kind: "CREATED" } });
    const evidence = created.data as Record<string, unknown>;
    expect(evidence).toMatchObject({ appointmentId: appt.id, visitAt: appt.scheduledAt.toISOString() });
    expect(evidence.address).toBe(clinic.clinic.address);
    await texts(p.patientId, "appt.ride_noted");
    expect(await h.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toMatchObject({
      transportNeeded: true,
    });
    await expect(p.nurse.visit.rideBooked({ appointmentId: appt.id })).resolves.toEqual({ changed: true });

    await h.advanceTo(r2!.at);
    const [second] = await texts(p.patientId, "appt.reminder_2h");
    expect(second!.body).toContain("A ride is being arranged for you.");
    if (clinic.clinic.parkingNotes) expect(second!.body).toContain("Parking:");

    // Nobody marks the visit: after the grace a routine task asks staff to, the status stays.
    await h.advanceTo(new Date(appt.scheduledAt.getTime() + 4 * HOUR));
    expect((await task(p.patientId, "VISIT_OUTCOME_UNKNOWN")).severity).toBe("ROUTINE");
    expect((await h.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).status).toBe("CONFIRMED");

    const mark = { appointmentId: appt.id, outcome: "ATTENDED" } as const;
    const markTask = await task(p.patientId, "VISIT_OUTCOME_UNKNOWN");
    await expect(p.nurse.visit.recordOutcome(mark)).resolves.toEqual({ changed: true });
    await expect(p.nurse.visit.recordOutcome(mark)).resolves.toEqual({ changed: false });
    // Marking the visit was the task's whole job: the system closes it, with no disposition.
    expect(await h.t.db.escalationTask.findUniqueOrThrow({ where: { id: markTask.id } })).toMatchObject({
      status: "RESOLVED",
      disposition: null,
    });
    const closedBy = await h.t.db.taskEvent.findFirstOrThrow({
      where: { taskId: markTask.id, kind: "RESOLVED" },
    });
    expect(closedBy).toMatchObject({ actorKind: "SYSTEM", data: { cause: "visit-outcome-recorded" } });
    // TCM reads the attended visit as the face-to-face visit.
    expect((await p.nurse.tcm.get({ patientId: p.patientId }))?.tcm.visit.state).toBe("DONE");

    await h.advanceTo(new Date(appt.scheduledAt.getTime() + DAY));
    const [q1] = await texts(p.patientId, "checkin.question");
    expect(q1!.body).toContain("Did the doctor change any of your medicines");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "1" });
    const [, q2] = await texts(p.patientId, "checkin.question", 2);
    expect(q2!.body).toContain("Do you understand your new plan from the visit? 1 yes, 2 no");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "no, I don't understand" });
    const unclear = await task(p.patientId, "VISIT_PLAN_UNCLEAR");
    expect(unclear.severity).toBe("ROUTINE");
    await texts(p.patientId, "visit.after_thanks");

    await h.advanceTo(new Date(appt.scheduledAt.getTime() + 7 * DAY));
    const week = await texts(p.patientId, "checkin.question", 3);
    expect(week[2]!.body).toContain("Have you filled and are you taking all your new medicines?");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "2" });
    await task(p.patientId, "MED_ACCESS_BARRIER");
  });

  it("no-show: new times offered at once and a routine task", async () => {
    const p = await patient();
    const appt = await book(p, 3);
    await h.advanceTo(new Date(appt.scheduledAt.getTime() + HOUR));
    await expect(
      p.nurse.visit.recordOutcome({ appointmentId: appt.id, outcome: "NO_SHOW" }),
    ).resolves.toEqual({ changed: true });
    const [offer] = await texts(p.patientId, "visit.offer");
    expect(offer!.body).toContain("Reply 1, 2 or 3 to pick a time");
    expect((await task(p.patientId, "APPOINTMENT_MISSED")).severity).toBe("ROUTINE");
    expect((await h.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).status).toBe("MISSED");
  });
});
