import { runs } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../../server/jobs/index.js";
import { localDate } from "../../server/lib/local-date.js";
import { regenerateSlots } from "../../server/services/visits/slots.js";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";

const DAY = 86_400_000;

/**
 * Visit changes through the real tasks on the embedded engine: the patient cancels or reschedules by
 * text, and the clinic cancels a clinician's day.
 */
describe("visit changes", () => {
  let h: AppHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
  });
  afterAll(async () => h?.stop());

  async function patient(opts: { consent?: boolean } = {}) {
    const nurse = await h.as("ana.nurse@sequora.test");
    n++;
    const made = await nurse.episode.create({
      firstName: `Chg${n}`,
      lastName: "Example",
      mrn: `CHG-${n}`,
      phone: `+1202555082${n}`,
      preferredLanguage: "EN",
      timeZone: "America/New_York",
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
    });
    await eventually(
      "consent request",
      async () => (await h.t.db.message.count({ where: { patientId: made.patientId } })) > 0,
    );
    if (opts.consent !== false) {
      await nurse.sim.reply({ patientId: made.patientId, body: "YES" });
      await eventually(
        "consent",
        async () =>
          (await h.t.db.patient.findUniqueOrThrow({ where: { id: made.patientId } })).consentStatus ===
          "GRANTED",
      );
    }
    return { nurse, ...made };
  }
  const textTo = (patientId: string, template: string, count = 1) =>
    eventually(`${template} text`, async () => {
      const m = await h.t.db.message.findMany({
        where: { patientId, template, direction: "OUTBOUND" },
        orderBy: { createdAt: "desc" },
      });
      return m.length >= count ? m[0] : null;
    });
  const freeSlots = async (nurse: Awaited<ReturnType<typeof patient>>["nurse"]) =>
    nurse.visit.slots({ to: new Date(h.engine.clock.now().getTime() + 14 * DAY), limit: 200 });
  async function booked(p: Awaited<ReturnType<typeof patient>>, pick = 0, after = 0) {
    const from = h.engine.clock.now().getTime() + after;
    const slot = (await freeSlots(p.nurse)).filter((s) => s.startsAt.getTime() > from)[pick]!;
    const { appointmentId } = await p.nurse.visit.book({ episodeId: p.episodeId, slotId: slot.id });
    await textTo(p.patientId, "visit.confirmed");
    return { slot, appointmentId };
  }
  async function requested(p: Awaited<ReturnType<typeof patient>>, key: string) {
    await jobs.offerVisit({ episodeId: p.episodeId, patientId: p.patientId, cause: "CHECK_IN", key });
    await textTo(p.patientId, "visit.offer");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "1" });
    return eventually("request run waits", async () => {
      const r = await h.t.db.visitRequest.findFirst({ where: { patientId: p.patientId } });
      return r?.waitTokenId ? r : null;
    });
  }
  const statusOf = async (appointmentId: string) =>
    (await h.t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })).status;
  const slotStatus = async (id: string) => (await h.t.db.slot.findUniqueOrThrow({ where: { id } })).status;

  it("'C' cancels a booked visit: slot freed, patient told how to rebook, a nurse task", async () => {
    const p = await patient();
    const { slot, appointmentId } = await booked(p);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "C" });
    const text = await textTo(p.patientId, "visit.canceled");
    expect(text!.body).toContain("Reply R any time to pick a new time.");
    expect(await statusOf(appointmentId)).toBe("CANCELED");
    expect(await slotStatus(slot.id)).toBe("FREE");
    const task = await eventually("nurse task", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId: p.patientId, primaryReason: "FOLLOWUP_NOT_SCHEDULED" },
      }),
    );
    expect(task.severity).toBe("ROUTINE");
  });

  it("'cancel my appointment' cancels a waiting request (its run ends) and a bare CANCEL stays an opt-out", async () => {
    const p = await patient();
    const req = await requested(p, `c2:${p.episodeId}`);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "Cancel my appointment" });
    await textTo(p.patientId, "visit.canceled");
    expect((await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("CANCELED");
    expect(await slotStatus(req.slotId!)).toBe("FREE");
    await eventually("request run finished", async () => {
      const run = req.runId ? await runs.retrieve(req.runId) : null;
      return run?.status === "COMPLETED";
    });
    await p.nurse.sim.reply({ patientId: p.patientId, body: "CANCEL" });
    await eventually(
      "opted out",
      async () => (await h.t.db.patient.findUniqueOrThrow({ where: { id: p.patientId } })).optedOut,
    );
  });

  it("a cancel with a symptom cancels and still goes through triage", async () => {
    const p = await patient();
    const { appointmentId } = await booked(p);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "cancel my appointment, I have chest pain" });
    await textTo(p.patientId, "visit.canceled");
    expect(await statusOf(appointmentId)).toBe("CANCELED");
    const urgent = await eventually("triage task", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId: p.patientId, severity: { in: ["URGENT", "EMERGENT"] } },
      }),
    );
    expect(urgent).toBeTruthy();
  });

  it("'R' offers new times at once; the old visit stays booked until the new one is", async () => {
    const p = await patient();
    const { slot: old, appointmentId } = await booked(p);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "R" });
    const offer = await eventually("reschedule offer", () =>
      h.t.db.visitOffer.findFirst({ where: { patientId: p.patientId, cause: "RESCHEDULE" } }),
    );
    await textTo(p.patientId, "visit.offer");
    expect(await statusOf(appointmentId)).toBe("SCHEDULED");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "2" });
    const req = await eventually("request run waits", async () => {
      const r = await h.t.db.visitRequest.findFirst({ where: { patientId: p.patientId } });
      return r?.waitTokenId ? r : null;
    });
    expect(req.slotId).toBe(offer.slotIds[1]);
    expect(await statusOf(appointmentId)).toBe("SCHEDULED");
    await p.nurse.visit.approve({ id: req.id });
    await textTo(p.patientId, "visit.confirmed", 2);
    await eventually("old visit replaced", async () => (await statusOf(appointmentId)) === "CANCELED");
    expect(await slotStatus(old.id)).toBe("FREE");
    const open = await h.t.db.appointment.findMany({
      where: { episodeId: p.episodeId, status: { in: ["SCHEDULED", "CONFIRMED"] } },
    });
    expect(open.map((a) => a.slotId)).toEqual([offer.slotIds[1]]);
  });

  it("the clinic cancels a day: apology and new times for reachable patients, a task for the others", async () => {
    const admin = await h.as("alex.admin@sequora.test");
    const a = await patient();
    const b = await patient({ consent: false });
    const first = await booked(a);
    const sameDay = (await freeSlots(a.nurse)).find(
      (s) =>
        s.clinician.id === first.slot.clinician.id &&
        localDate(s.startsAt, s.clinic.timeZone) ===
          localDate(first.slot.startsAt, first.slot.clinic.timeZone),
    )!;
    await b.nurse.visit.book({ episodeId: b.episodeId, slotId: sameDay.id });
    const date = localDate(first.slot.startsAt, first.slot.clinic.timeZone);
    const report = await admin.visit.cancelTimes({
      clinicianId: first.slot.clinician.id,
      date,
      reason: "Clinician off sick",
    });
    expect(report).toMatchObject({ patients: 2, texted: 1, tasks: 1 });
    expect(await statusOf(first.appointmentId)).toBe("CANCELED");
    expect(await slotStatus(first.slot.id)).toBe("CANCELED");
    const sorry = await textTo(a.patientId, "visit.clinic_canceled");
    expect(sorry!.body).toContain("we are sorry");
    const offer = await eventually("new times", () =>
      h.t.db.visitOffer.findFirst({ where: { patientId: a.patientId, cause: "CLINIC_CANCELED" } }),
    );
    expect(offer.slotIds).not.toContain(sameDay.id);
    const task = await eventually("task for the unreachable patient", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId: b.patientId, primaryReason: "FOLLOWUP_NOT_SCHEDULED" },
      }),
    );
    expect(task.severity).toBe("ROUTINE");
    // Cancelled by day, days ahead: the text is enough, no call.
    expect(
      await h.t.db.escalationTask.count({
        where: { patientId: a.patientId, primaryReason: "VISIT_CANCELED_SHORT_NOTICE" },
      }),
    ).toBe(0);
    // The night's generation does not bring the cancelled day back.
    await regenerateSlots(h.t.db, { clinicianId: first.slot.clinician.id, weeks: 4 });
    const day = await admin.visit.day({ clinicianId: first.slot.clinician.id, date });
    expect(day.length).toBeGreaterThan(0);
    // `past` is read on the product's clock (the dialog neither lists nor counts past times).
    const clock = h.engine.clock.now();
    expect(day.map((s) => s.past)).toEqual(day.map((s) => s.startsAt <= clock));
    expect(day.filter((s) => !s.past).every((s) => s.status === "CANCELED")).toBe(true);
  });
  it("a visit early tomorrow cancelled late tonight: the text waits for 08:00, a nurse calls now", async () => {
    const admin = await h.as("alex.admin@sequora.test");
    const p = await patient();
    const now = h.engine.clock.now().getTime();
    // A day's first visit (09:00 at the clinic), at least half a day ahead.
    const slot = (await freeSlots(p.nurse)).find(
      (s) =>
        s.startsAt.getTime() > now + DAY / 2 &&
        new Intl.DateTimeFormat("en-US", {
          timeZone: s.clinic.timeZone,
          hour: "numeric",
          hour12: false,
        }).format(s.startsAt) === "09",
    )!;
    await p.nurse.visit.book({ episodeId: p.episodeId, slotId: slot.id });
    await textTo(p.patientId, "visit.confirmed");
    await h.advanceTo(new Date(slot.startsAt.getTime() - 10.5 * 3_600_000)); // 22:30 the evening before
    const report = await admin.visit.cancelTimes({
      clinicianId: slot.clinician.id,
      slotId: slot.id,
      reason: "Clinician off sick",
    });
    expect(report).toMatchObject({ patients: 1, texted: 1, tasks: 0 });
    const sorry = await textTo(p.patientId, "visit.clinic_canceled");
    expect(sorry!.status).toBe("PENDING");
    expect(sorry!.sendAfter!.getTime()).toBe(slot.startsAt.getTime() - 3_600_000);
    const task = await eventually("call task", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId: p.patientId, primaryReason: "VISIT_CANCELED_SHORT_NOTICE" },
      }),
    );
    expect(task.severity).toBe("URGENT");
  });

  // Last: it moves the clock days ahead.
  it("a cancelled visit's reminders run wakes, sees CANCELED and texts nothing", async () => {
    const p = await patient();
    const { slot, appointmentId } = await booked(p, 0, 2 * DAY);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "cancel visit" });
    await textTo(p.patientId, "visit.canceled");
    await h.advanceTo(new Date(slot.startsAt.getTime() - 3_600_000));
    await eventually("reminders run finished", async () => {
      const appt = await h.t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId } });
      const run = appt.runId ? await runs.retrieve(appt.runId) : null;
      return run?.status === "COMPLETED";
    });
    const reminders = await h.t.db.message.count({
      where: { patientId: p.patientId, template: { startsWith: "appt.reminder" } },
    });
    expect(reminders).toBe(0);
  });
});
