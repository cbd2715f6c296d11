import { randomBytes, randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import type { SessionUser } from "../../auth/session-service.js";
import { loadConfig } from "../../config/index.js";
import { admitPatient, raiseTask } from "../../demo/flows.js";
import { realNow, shiftProcessClock } from "../../engine/index.js";
import { appRouter } from "../../routers/app-router.js";
import { createSmsService, loadSmsConfig } from "../../sms/index.js";
import { createContextInner } from "../../trpc/context.js";
import { createCallerFactory } from "../../trpc/trpc.js";
import { bookAppointment, markAttended } from "../appointments/book-appointment.js";
import { receivePatientMessage } from "../inbound/index.js";
import { addTaskNote, claimTask, resolveTask } from "../tasks/task-commands.js";
import { tcmFigures } from "./tcm-figures.js";

// Monday 1 March 2027, 10:00 in New York: the interactive contact is due by the end of Wednesday.
const DISCHARGE = Date.parse("2027-03-01T15:00:00Z");
const DAY = 86_400_000;
const at = (days: number, hours = 0) => DISCHARGE + days * DAY + hours * 3_600_000;

/** Runs the product's code as if at `ms` (the services read the process clock). */
async function atTime<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  shiftProcessClock(ms - realNow());
  try {
    return await fn();
  } finally {
    shiftProcessClock(0);
  }
}

const createCaller = createCallerFactory(appRouter);

describe("TCM through the product's own use cases", () => {
  let t: TestDatabase;
  let nurse: SessionUser;
  let supervisor: SessionUser;
  const jobs = recordingJobs();
  const config = loadConfig({ NODE_ENV: "test" });
  const as = (user: SessionUser) => createCaller(createContextInner({ db: t.db, config, user }));
  const userOf = (role: "NURSE" | "SUPERVISOR") =>
    t.db.user.findFirstOrThrow({
      where: { role, active: true },
      select: { id: true, email: true, name: true, role: true, languages: true, mustChangePassword: true },
    });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    nurse = await userOf("NURSE");
    supervisor = await userOf("SUPERVISOR");
  });
  afterEach(() => shiftProcessClock(0));
  afterAll(async () => t.drop());

  async function discharge() {
    const suffix = randomBytes(5).toString("hex");
    const phone = `+1999${randomInt(1_000_000, 9_999_999)}`;
    const ids = await atTime(at(0), () =>
      admitPatient(
        t.db,
        {
          firstName: `Tcm${suffix}`,
          lastName: "Case",
          mrn: `TCM-${suffix}`,
          phone,
          preferredLanguage: "EN",
          timeZone: "America/New_York",
          protocol: "HF",
          dischargedAt: new Date(DISCHARGE),
          highRiskMedClasses: [],
        },
        "Test Hospital",
      ),
    );
    return { ...ids, phone, mrn: `TCM-${suffix}` };
  }

  /** A task raised by the rules, claimed by the nurse, who documents a call with the patient. */
  async function nurseCalls(p: { patientId: string; episodeId: string }, ms: number) {
    await atTime(ms, async () => {
      const taskId = await raiseTask(t.db, {
        patientId: p.patientId,
        episodeId: p.episodeId,
        severity: "ROUTINE",
        reasonCode: "FOLLOWUP_NOT_SCHEDULED",
        action: "Call the patient",
        evidence: {},
      });
      await claimTask(t.db, { taskId, userId: nurse.id });
      const actor = { kind: "USER" as const, userId: nurse.id, isSupervisor: false };
      await addTaskNote(t.db, { taskId, text: "Spoke with the patient", contact: true, actor });
    });
  }

  async function visit(episodeId: string, bookedAt: number, visitAt: number) {
    const { appointmentId } = await atTime(bookedAt, () =>
      bookAppointment(
        { db: t.db, jobs },
        { episodeId, scheduledAt: new Date(visitAt), location: "Clinic A", transportNeeded: false },
      ),
    );
    await atTime(visitAt + 3_600_000, () => markAttended(t.db, appointmentId));
  }

  it("bills 99496 for a call on day 1, a visit on day 6 and high complexity", async () => {
    const p = await discharge();
    await nurseCalls(p, at(1));
    await visit(p.episodeId, at(2), at(6));
    await atTime(at(6, 2), async () => {
      await as(nurse).tcm.record({ episodeId: p.episodeId, medRecAt: new Date(at(6, 1)), mdmLevel: "HIGH" });
      const s = await as(nurse).tcm.get({ patientId: p.patientId });
      expect(s?.tcm).toMatchObject({
        code: "99496",
        reasons: [],
        contact: { state: "MADE", via: "CALL" },
        visit: { state: "DONE", day: 6 },
        medRec: { ok: true },
        mdmLevel: "HIGH",
      });
    });
    const contact = (await as(nurse).tcm.get({ patientId: p.patientId }))?.tcm.contact.madeAt;
    expect(Math.abs(contact!.getTime() - at(1))).toBeLessThan(60_000);
    const row = await t.db.episode.findUniqueOrThrow({ where: { id: p.episodeId } });
    expect(row).toMatchObject({ tcmMdmRecordedById: nurse.id, tcmMedRecById: nurse.id });
  });

  it("does not count a reply to an automated check-in; a nurse's text answered does", async () => {
    const smsConfig = loadSmsConfig({});
    const m = { db: t.db, sms: createSmsService({ db: t.db, config: smsConfig }), jobs, config: smsConfig };
    const p = await discharge();
    await atTime(at(1), async () => {
      await m.sms.send({
        patientId: p.patientId,
        episodeId: p.episodeId,
        template: "checkin.intro",
        idempotencyKey: `tcm-test:${p.episodeId}`,
        purpose: "SCHEDULED",
      });
    });
    await atTime(at(1, 1), () => receivePatientMessage(m, { from: p.phone, body: "I feel fine" }));
    await visit(p.episodeId, at(2), at(10));
    await atTime(at(10, 2), () =>
      as(nurse).tcm.record({ episodeId: p.episodeId, medRecAt: new Date(at(9)), mdmLevel: "MODERATE" }),
    );
    const before = await atTime(at(11), () => as(nurse).tcm.get({ patientId: p.patientId }));
    expect(before?.tcm).toMatchObject({
      code: null,
      reasons: ["CONTACT_MISSED"],
      contact: { state: "MISSED" },
    });
    // The shape of a text a nurse writes (STAFF_TEXT_TEMPLATES): Sequora has no composer for it yet.
    await t.db.message.create({
      data: {
        patientId: p.patientId,
        episodeId: p.episodeId,
        direction: "OUTBOUND",
        template: "staff.message",
        body: "Hi, this is your nurse: how are you managing your medicines?",
        status: "DELIVERED",
        idempotencyKey: `staff:${p.episodeId}`,
        createdAt: new Date(at(1, 2)),
      },
    });
    await atTime(at(1, 3), () => receivePatientMessage(m, { from: p.phone, body: "All good, thanks" }));
    const after = await atTime(at(11), () => as(nurse).tcm.get({ patientId: p.patientId }));
    expect(after?.tcm).toMatchObject({ code: "99495", contact: { state: "MADE", via: "TEXT" } });
  });

  it("accepts documented unsuccessful attempts in the window, and lists and exports the month", async () => {
    const p = await discharge();
    const taskId = await atTime(at(1), () =>
      raiseTask(t.db, {
        patientId: p.patientId,
        episodeId: p.episodeId,
        severity: "ROUTINE",
        reasonCode: "NO_RESPONSE",
        action: "Call the patient",
        evidence: {},
      }),
    );
    await atTime(at(2), () =>
      resolveTask(t.db, {
        taskId,
        disposition: "UNABLE_TO_REACH_X3",
        actor: { kind: "USER", userId: nurse.id, isSupervisor: false },
      }),
    );
    await visit(p.episodeId, at(3), at(12));
    await atTime(at(12, 2), () =>
      as(nurse).tcm.record({ episodeId: p.episodeId, medRecAt: new Date(at(5)), mdmLevel: "HIGH" }),
    );
    await atTime(at(20), async () => {
      const list = await as(supervisor).tcm.listQualifying({ month: "2027-03" });
      const mine = list.find((e) => e.episodeId === p.episodeId);
      expect(mine?.tcm).toMatchObject({ code: "99495", contact: { state: "ATTEMPTS", attemptsInWindow: 3 } });
      const out = await as(supervisor).tcm.exportCsv({ month: "2027-03" });
      const lines = out.csv.trim().split("\n");
      expect(lines[0]).toBe("mrn,discharge_date,contact_date,contact_method,visit_date,mdm_level,code");
      expect(lines).toContain(`${p.mrn},2027-03-01,,ATTEMPTS,2027-03-13,HIGH,99495`);
      expect(lines).toContain(lines.find((l) => l.endsWith(",HIGH,99496")));
      expect(out).toMatchObject({ filename: "tcm-2027-03.csv", rows: lines.length - 1 });
    });
    const audits = await t.db.auditLog.findMany({ where: { userId: supervisor.id, action: "EXPORT" } });
    expect(audits.map((a) => a.patientId)).toContain(p.patientId);
    expect(await as(supervisor).tcm.listQualifying({ month: "2027-04" })).toEqual([]);
  });

  it("lists episodes at risk by their nearest deadline", async () => {
    const quiet = await discharge();
    const called = await discharge();
    await nurseCalls(called, at(0, 2));
    const list = await atTime(at(1), () => as(supervisor).tcm.listAtRisk());
    const ours = list.episodes.filter((e) => [quiet.episodeId, called.episodeId].includes(e.episodeId));
    expect(ours.map((e) => [e.episodeId, e.tcm.risks.map((r) => r.kind)])).toEqual([
      [quiet.episodeId, ["CONTACT", "VISIT"]],
      [called.episodeId, ["VISIT"]],
    ]);
    expect(ours[0]?.tcm.contact.hoursLeft).toBe(37);
    expect(ours[1]?.tcm.visit.daysLeft).toBe(13);
  });

  it("refuses bad input and keeps the supervisors' views to supervisors", async () => {
    const p = await discharge();
    await atTime(at(3), async () => {
      await expect(
        as(nurse).tcm.record({ episodeId: p.episodeId, medRecAt: new Date(at(-2)) }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(
        as(nurse).tcm.record({ episodeId: p.episodeId, mdmLevel: "EXTREME" } as never),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(as(nurse).tcm.record({ episodeId: p.episodeId })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
      await expect(as(nurse).tcm.record({ episodeId: "nope", mdmLevel: "LOW" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(as(supervisor).tcm.listQualifying({ month: "2027-13" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
      await expect(as(nurse).tcm.exportCsv({ month: "2027-03" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(as(nurse).tcm.listAtRisk()).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  it("sums the programme's figures for the simulation report", async () => {
    const figures = await atTime(at(20), () =>
      tcmFigures(t.db, { from: new Date(DISCHARGE), to: new Date(DISCHARGE + DAY) }),
    );
    expect(figures.tcmQualifying).toEqual({ total: 3, byCode: { "99496": 1, "99495": 2 } });
    expect(figures.visitWithin7Days.count).toBe(1);
    expect(figures.visitWithin14Days.count).toBe(3);
    expect(figures.visitWithin14Days.percent).toBeCloseTo((3 / figures.episodes) * 100, 0);
  });
});
