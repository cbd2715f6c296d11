import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../../server/jobs/index.js";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";

const MINUTE = 60_000;

/**
 * The visit lifecycle through the real tasks on the embedded engine: texted times, the patient's
 * pick, and what staff (or nobody) do with the request.
 */
describe("follow-up visits by text", () => {
  let h: AppHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
  });
  afterAll(async () => h?.stop());

  async function patient(language: "EN" | "ES" = "EN") {
    const nurse = await h.as("ana.nurse@sequora.test");
    n++;
    const made = await nurse.episode.create({
      firstName: `Vis${n}`,
      lastName: "Example",
      mrn: `VIS-${n}`,
      phone: `+1202555071${n}`,
      preferredLanguage: language,
      timeZone: "America/New_York",
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
    });
    await eventually(
      "consent request",
      async () => (await h.t.db.message.count({ where: { patientId: made.patientId } })) > 0,
    );
    await nurse.sim.reply({ patientId: made.patientId, body: language === "ES" ? "SI" : "YES" });
    await eventually(
      "consent",
      async () =>
        (await h.t.db.patient.findUniqueOrThrow({ where: { id: made.patientId } })).consentStatus ===
        "GRANTED",
    );
    return { nurse, ...made };
  }
  const textTo = (patientId: string, template: string) =>
    eventually(`${template} text`, () =>
      h.t.db.message.findFirst({
        where: { patientId, template, direction: "OUTBOUND" },
        orderBy: { createdAt: "desc" },
      }),
    );
  async function offered(p: { patientId: string; episodeId: string }, key: string) {
    await jobs.offerVisit({ episodeId: p.episodeId, patientId: p.patientId, cause: "CHECK_IN", key });
    const text = await textTo(p.patientId, "visit.offer");
    const offer = await h.t.db.visitOffer.findUniqueOrThrow({ where: { key } });
    return { text, offer };
  }
  const requestOf = (patientId: string) =>
    eventually("visit request", () =>
      h.t.db.visitRequest.findFirst({ where: { patientId }, orderBy: { createdAt: "desc" } }),
    );

  it("offers three times in the patient's language; a pick holds the slot; approval books it", async () => {
    const p = await patient();
    const { text, offer } = await offered(p, `t1:${p.episodeId}`);
    expect(text.body).toContain("Reply 1, 2 or 3 to pick a time, or 0 for none of these.");
    expect(offer.slotIds).toHaveLength(3);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "2" });
    const req = await requestOf(p.patientId);
    expect(req).toMatchObject({ status: "PENDING", slotId: offer.slotIds[1] });
    expect(await h.t.db.slot.findUniqueOrThrow({ where: { id: offer.slotIds[1]! } })).toMatchObject({
      status: "HELD",
    });
    await textTo(p.patientId, "visit.requested");
    await eventually(
      "request run waits",
      async () => (await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).waitTokenId,
    );

    await p.nurse.visit.approve({ id: req.id });
    const confirmed = await textTo(p.patientId, "visit.confirmed");
    expect(confirmed.body).toContain("200 River Street");
    // The clinic's own preparation notes (admin, clinic dialog), not the standard sentence.
    expect(confirmed.body).toContain(
      "Bring all your medicines in their bottles, your discharge papers and your insurance card.",
    );
    const appt = await h.t.db.appointment.findFirstOrThrow({ where: { episodeId: p.episodeId } });
    expect(appt).toMatchObject({ slotId: offer.slotIds[1], status: "SCHEDULED" });
    expect(appt.runId).toBeTruthy();
    expect(await h.t.db.slot.findUniqueOrThrow({ where: { id: offer.slotIds[1]! } })).toMatchObject({
      status: "BOOKED",
    });
    expect(await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      status: "APPROVED",
      appointmentId: appt.id,
    });
    await expect(p.nurse.visit.approve({ id: req.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("Spanish patients get Spanish times with a Spanish-speaking clinician; 0 means a nurse calls", async () => {
    const p = await patient("ES");
    const { text, offer } = await offered(p, `t2:${p.episodeId}`);
    expect(text.body).toContain("Responda 1, 2 o 3 para elegir una hora, o 0 si ninguna le sirve.");
    expect(text.body).toContain("Dra. Sofía Ramírez");
    expect(text.body).not.toContain("Dr. Maya Chen");
    await p.nurse.sim.reply({ patientId: p.patientId, body: "0" });
    await textTo(p.patientId, "visit.declined");
    expect(await h.t.db.visitOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
      status: "DECLINED",
    });
    const task = await eventually("nurse task", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId: p.patientId, primaryReason: "FOLLOWUP_NOT_SCHEDULED" },
      }),
    );
    expect(task.severity).toBe("ROUTINE");
  });

  it("a rejected request offers new times at once", async () => {
    const p = await patient();
    const { offer } = await offered(p, `t3:${p.episodeId}`);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "1" });
    const req = await requestOf(p.patientId);
    await eventually(
      "request run waits",
      async () => (await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).waitTokenId,
    );
    await p.nurse.visit.reject({ id: req.id, reason: "Clinician called in sick" });
    const again = await eventually("second offer", () =>
      h.t.db.visitOffer.findFirst({ where: { patientId: p.patientId, cause: "REJECTED" } }),
    );
    expect(await h.t.db.slot.findUniqueOrThrow({ where: { id: offer.slotIds[0]! } })).toMatchObject({
      status: "FREE",
    });
    const texts = await eventually("sorry text", async () => {
      const m = await h.t.db.message.findMany({ where: { patientId: p.patientId, template: "visit.offer" } });
      return m.length === 2 ? m : null;
    });
    expect(texts.some((m) => m.body.startsWith("Sorry, that time is not available."))).toBe(true);
    expect(again.slotIds).toHaveLength(3);
  });

  it("approve with a change: the patient accepts the proposed time by YES", async () => {
    const p = await patient();
    const { offer } = await offered(p, `t4:${p.episodeId}`);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "3" });
    const req = await requestOf(p.patientId);
    await eventually(
      "request run waits",
      async () => (await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).waitTokenId,
    );
    const free = await p.nurse.visit.slots({
      to: new Date(h.engine.clock.now().getTime() + 14 * 86_400_000),
      limit: 50,
    });
    const other = free.find((s) => !offer.slotIds.includes(s.id))!;
    await p.nurse.visit.proposeChange({ id: req.id, slotId: other.id });
    const change = await textTo(p.patientId, "visit.change");
    expect(change.body).toContain("Reply YES to accept, or 0 to see other times.");
    expect(await h.t.db.slot.findUniqueOrThrow({ where: { id: offer.slotIds[2]! } })).toMatchObject({
      status: "FREE",
    });
    await eventually("run waits for the patient", async () => {
      const r = await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } });
      return r.status === "CHANGE_PROPOSED" && r.waitTokenId !== req.waitTokenId && r.waitTokenId;
    });
    await p.nurse.sim.reply({ patientId: p.patientId, body: "YES" });
    await textTo(p.patientId, "visit.confirmed");
    const appt = await h.t.db.appointment.findFirstOrThrow({ where: { episodeId: p.episodeId } });
    expect(appt.slotId).toBe(other.id);
  });

  it("a request nobody acts on expires after the business hours: slot released, patient told, task opened", async () => {
    const p = await patient();
    const { offer } = await offered(p, `t5:${p.episodeId}`);
    await p.nurse.sim.reply({ patientId: p.patientId, body: "1" });
    const req = await requestOf(p.patientId);
    await eventually(
      "request run waits",
      async () => (await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).waitTokenId,
    );
    await h.advanceTo(new Date(req.dueAt.getTime() + MINUTE));
    await eventually(
      "expired",
      async () =>
        (await h.t.db.visitRequest.findUniqueOrThrow({ where: { id: req.id } })).status === "EXPIRED",
    );
    expect(await h.t.db.slot.findUniqueOrThrow({ where: { id: offer.slotIds[0]! } })).toMatchObject({
      status: "FREE",
    });
    await eventually("nurse task", () =>
      h.t.db.escalationTask.findFirst({
        where: {
          patientId: p.patientId,
          primaryReason: "FOLLOWUP_NOT_SCHEDULED",
          status: { not: "RESOLVED" },
        },
      }),
    );
    // Due at 12:00 or later on a business day: never inside quiet hours, so the text goes at once.
    await textTo(p.patientId, "visit.expired");
    await expect(p.nurse.visit.approve({ id: req.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
