import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrolPatient } from "../../server/demo/flows.js";
import type { Persona } from "../../server/demo/personas.js";
import { jobs } from "../../server/jobs/index.js";
import { createSmsService, loadSmsConfig } from "../../server/sms/index.js";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";
import { setUpClinics } from "./clinics.js";
import { createSimPatientBot } from "./patient-bot.js";
import { visitFigures } from "./report.js";
import { createFrontDeskBot, createSchedulerBot, VISIT_OVER_MS } from "./scheduler-bot.js";

const PATIENTS = 4;

/**
 * The simulation's visit bots and report figures on a few patients, through the real tasks on the
 * embedded engine: offers texted, picks made by the scripted patients, requests decided (one left
 * to expire), visits marked once over, and the report counting exactly what the database holds.
 */
describe("simulation: visit bots and report figures", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
  });
  afterAll(async () => h?.stop());

  it("books, expires, attends or misses visits and reports them", async () => {
    const { db } = h.t;
    const config = loadSmsConfig({});
    const sms = createSmsService({ db, config });
    const personas = new Map<string, Persona>();
    const staff = await db.user.findFirstOrThrow({ where: { role: "SUPERVISOR" }, select: { id: true } });
    const clinics = await setUpClinics(db, 20, h.engine.clock.now());
    expect(clinics).toMatchObject({ clinicians: 2 });
    expect(clinics.slots).toBeGreaterThan(0);

    const episodes: { patientId: string; episodeId: string }[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const made = await enrolPatient(
        db,
        {
          firstName: `Fig${i}`,
          lastName: "Example",
          mrn: `FIG-${i}`,
          phone: `+1202555072${i}`,
          preferredLanguage: "EN",
          timeZone: "America/New_York",
          protocol: "HF",
          dischargedAt: h.engine.clock.now(),
          highRiskMedClasses: [],
        },
        "Test Hospital",
      );
      personas.set(made.patientId, "WELL");
      episodes.push(made);
    }
    const patients = createSimPatientBot({ db, sms, config, personas, parallel: 4 });
    const answerUntil = (what: string, done: () => Promise<boolean>) =>
      eventually(
        what,
        async () => {
          await patients(h.engine.clock.now());
          return done();
        },
        40_000,
      );
    await answerUntil(
      "consent",
      async () =>
        (await db.patient.count({
          where: { id: { in: [...personas.keys()] }, consentStatus: "GRANTED" },
        })) === PATIENTS,
    );
    // Only these patients count: the harness's demo patients may get their own day-2 offers meanwhile.
    const ours = { patientId: { in: [...personas.keys()] } };
    for (const e of episodes) await jobs.offerVisit({ ...e, cause: "CHECK_IN", key: `fig:${e.episodeId}` });
    // Answered once every offer was sent: most WELL patients pick a time, some answer 0 or ignore it.
    await eventually("offers sent", async () => {
      const sent = await db.message.count({
        where: { ...ours, template: "visit.offer", status: { not: "PENDING" } },
      });
      return sent === PATIENTS;
    });
    await patients(h.engine.clock.now());
    const requests = await eventually("requests wait for staff", async () => {
      const [unrouted, picked, rows] = await Promise.all([
        db.message.count({ where: { direction: "INBOUND", processedAt: null } }),
        db.visitOffer.count({ where: { ...ours, status: "PICKED" } }),
        db.visitRequest.findMany({ where: ours, orderBy: { createdAt: "asc" } }),
      ]);
      // Every reply routed makes every request row exist. Two patients picking the same time leave
      // one PICKED offer without a request (that patient is re-offered), so picks bound it from above.
      return unrouted === 0 && rows.length > 0 && rows.length <= picked && rows.every((r) => r.waitTokenId)
        ? rows
        : null;
    });
    expect(requests.length).toBeGreaterThan(0);

    // The first request is left to expire; the rest are approved.
    const left = requests[0]!.id;
    const clinic = { db, sms, personas, staffId: staff.id, parallel: 4 };
    const scheduler = createSchedulerBot({ ...clinic, decide: (id) => (id === left ? "LEAVE" : "APPROVE") });
    expect(await scheduler(h.engine.clock.now())).toBe(requests.length - 1);
    await eventually(
      "booked",
      async () => (await db.appointment.count({ where: { slotId: { not: null } } })) === requests.length - 1,
    );
    const booked = await db.appointment.findMany({ where: { slotId: { not: null } } });
    const lastVisit = Math.max(...booked.map((a) => a.scheduledAt.getTime()), requests[0]!.dueAt.getTime());
    await h.advanceTo(new Date(lastVisit + VISIT_OVER_MS));
    await eventually(
      "expired",
      async () => (await db.visitRequest.findUniqueOrThrow({ where: { id: left } })).status === "EXPIRED",
    );
    const marked = await createFrontDeskBot(clinic)(h.engine.clock.now());
    expect(marked).toBe(booked.length);

    const figures = await visitFigures(db);
    const appts = await db.appointment.groupBy({ by: ["status"], _count: { _all: true } });
    const count = (s: string) => appts.find((a) => a.status === s)?._count._all ?? 0;
    expect(figures.requests).toMatchObject({
      total: requests.length,
      approved: requests.length - 1,
      rejected: 0,
      expired: 1,
    });
    expect(figures.appointments).toMatchObject({ attended: count("COMPLETED"), noShows: count("MISSED") });
    expect(figures.appointments.attended + figures.appointments.noShows).toBe(booked.length);
    // HF patients are offered times within 7 days; only attended visits count as seen.
    expect(figures.visitWithin7Days.count).toBe(figures.appointments.attended);
    expect(figures.visitWithin14Days.count).toBe(figures.appointments.attended);
    expect(figures.tcm.qualifying + figures.tcm.none).toBe(figures.tcm.episodes);
    // No nurse called these patients within 2 business days, so none can bill TCM.
    expect(figures.tcm.qualifying).toBe(0);
  });
});
