import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import type { Db } from "../../db/client.js";
import { lastFullWeek, weekOf } from "./weekly-calendar.js";
import {
  getWeeklySummary,
  listWeeklySummaries,
  produceWeeklySummaries,
  resendWeeklySummary,
} from "./weekly-summary.js";

const TZ = "America/New_York";
const MIN = 60_000;
const at = (iso: string) => new Date(iso);
let seq = 0;

async function episode(
  db: Db,
  created: string,
  closed?: { at: string; reason: string; optedOutAt?: string },
) {
  const n = seq++;
  const patient = await db.patient.create({
    data: {
      mrn: `W-${n}`,
      firstName: "P",
      lastName: `${n}`,
      phone: `+1202555${String(1000 + n)}`,
      ...(closed?.optedOutAt ? { optedOut: true, optedOutAt: at(closed.optedOutAt) } : {}),
    },
  });
  return db.episode.create({
    data: {
      patientId: patient.id,
      protocol: "HF",
      protocolVersion: 1,
      hospitalName: "H",
      dischargedAt: at(created),
      closesAt: new Date(at(created).getTime() + 30 * 1440 * MIN),
      createdAt: at(created),
      ...(closed ? { status: "CLOSED", closedAt: at(closed.at), closeReason: closed.reason } : {}),
    },
  });
}

async function task(
  db: Db,
  ep: { id: string; patientId: string },
  t: { severity: "EMERGENT" | "URGENT" | "ROUTINE"; reason: string; created: string; dueMin: number },
  done: { contactMin?: number; resolvedMin?: number; breached?: boolean },
) {
  const created = at(t.created);
  const plus = (m: number) => new Date(created.getTime() + m * MIN);
  return db.escalationTask.create({
    data: {
      patientId: ep.patientId,
      episodeId: ep.id,
      severity: t.severity,
      priority: "HIGH",
      primaryReason: t.reason,
      reasonCodes: [t.reason],
      createdAt: created,
      slaWarnAt: plus(t.dueMin / 2),
      slaDueAt: plus(t.dueMin),
      firstContactAt: done.contactMin === undefined ? null : plus(done.contactMin),
      resolvedAt: done.resolvedMin === undefined ? null : plus(done.resolvedMin),
      status: done.resolvedMin === undefined ? "OPEN" : "RESOLVED",
      slaBreachedAt: done.breached ? plus(t.dueMin) : null,
    },
  });
}

describe("weekly summary", () => {
  let t: TestDatabase;
  let sam: string;
  let kim: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    const user = (email: string, name: string, role: "NURSE" | "SUPERVISOR" | "ADMIN", active = true) =>
      db.user.create({ data: { email, name, role, passwordHash: "x", active } });
    sam = (await user("sam@w.test", "Sam Sup", "SUPERVISOR")).id;
    kim = (await user("kim@w.test", "Kim Sup", "SUPERVISOR")).id;
    await user("old@w.test", "Old Sup", "SUPERVISOR", false);
    const nina = (await user("nina@w.test", "Nina Nurse", "NURSE")).id;

    // The week of Mon 23 Nov 2026 (New York) and the one before it.
    const e1 = await episode(db, "2026-11-24T15:00:00Z");
    await episode(db, "2026-11-17T15:00:00Z", { at: "2026-11-25T15:00:00Z", reason: "DAY_30" });
    const e3 = await episode(db, "2026-10-01T15:00:00Z", {
      at: "2026-11-26T15:00:00Z",
      reason: "Readmitted",
      optedOutAt: "2026-11-25T16:00:00Z",
    });
    await episode(db, "2026-11-29T15:00:00Z");
    // Sunday 29 Nov 23:30 New York is still this week; Monday 30 Nov 00:30 is the next one.
    await episode(db, "2026-11-30T04:30:00Z");
    await episode(db, "2026-11-30T05:30:00Z");

    const checkIn = (slot: number, iso: string, status: "COMPLETED" | "NO_RESPONSE" | "SCHEDULED") =>
      db.checkIn.create({ data: { episodeId: e1.id, slot, scheduledAt: at(iso), status } });
    await checkIn(1, "2026-11-24T16:00:00Z", "COMPLETED");
    await checkIn(2, "2026-11-25T16:00:00Z", "COMPLETED");
    await checkIn(3, "2026-11-26T16:00:00Z", "COMPLETED");
    await checkIn(4, "2026-11-27T16:00:00Z", "NO_RESPONSE");
    await checkIn(5, "2026-11-28T16:00:00Z", "SCHEDULED");
    await checkIn(6, "2026-11-18T16:00:00Z", "COMPLETED");
    await checkIn(7, "2026-11-19T16:00:00Z", "NO_RESPONSE");

    await task(
      db,
      e1,
      { severity: "URGENT", reason: "HF_WEIGHT_GAIN", created: "2026-11-24T15:00:00Z", dueMin: 120 },
      { contactMin: 30, resolvedMin: 40 },
    );
    await task(
      db,
      e1,
      { severity: "URGENT", reason: "HF_WEIGHT_GAIN", created: "2026-11-25T15:00:00Z", dueMin: 120 },
      { contactMin: 90 },
    );
    const late = await task(
      db,
      e3,
      { severity: "EMERGENT", reason: "RED_FLAG_SYMPTOM", created: "2026-11-26T15:00:00Z", dueMin: 15 },
      { contactMin: 20, breached: true },
    );
    await task(
      db,
      e1,
      { severity: "ROUTINE", reason: "PATIENT_MESSAGE", created: "2026-11-27T15:00:00Z", dueMin: 1440 },
      { resolvedMin: 60 },
    );
    const before = await task(
      db,
      e3,
      { severity: "URGENT", reason: "HF_SWELLING", created: "2026-11-18T15:00:00Z", dueMin: 120 },
      { breached: true },
    );
    await db.taskEvent.create({
      data: {
        taskId: late.id,
        actorKind: "SYSTEM",
        kind: "SLA_BREACHED",
        data: { assigneeId: nina },
        createdAt: at("2026-11-26T15:15:00Z"),
      },
    });
    await db.taskEvent.create({
      data: {
        taskId: before.id,
        actorKind: "SYSTEM",
        kind: "SLA_BREACHED",
        data: { assigneeId: null },
        createdAt: at("2026-11-18T17:00:00Z"),
      },
    });

    await db.hospitalMessage.create({
      data: {
        transport: "mllp",
        sendingFacility: "H",
        controlId: "1",
        raw: Buffer.from("MSH|"),
        receivedAt: at("2026-11-10T00:00:00Z"),
      },
    });
    const ret = (kind: "READMISSION" | "ED_RETURN", iso: string, canceled = false) =>
      db.hospitalReturn.create({
        data: {
          patientId: e3.patientId,
          episodeId: e3.id,
          kind,
          occurredAt: at(iso),
          messageId: `m${seq++}`,
          canceledAt: canceled ? at(iso) : null,
        },
      });
    await ret("READMISSION", "2026-11-26T14:00:00Z");
    await ret("ED_RETURN", "2026-11-27T14:00:00Z", true);
    await ret("ED_RETURN", "2026-11-20T14:00:00Z");
  });
  afterAll(async () => t?.drop());

  it("names the last full week in the hospital's zone", () => {
    // Monday 30 Nov 08:00 New York.
    expect(lastFullWeek(at("2026-11-30T13:00:00Z"), TZ)).toEqual(weekOf("2026-11-23", TZ));
    expect(weekOf("2026-11-23", TZ).start.toISOString()).toBe("2026-11-23T05:00:00.000Z");
    // A week across the end of daylight saving time lasts 169 hours.
    const dst = weekOf("2026-10-26", TZ);
    expect((dst.end.getTime() - dst.start.getTime()) / 3_600_000).toBe(169);
  });

  it("makes one summary per active supervisor with the week's figures and the week before, once", async () => {
    const monday = at("2026-11-30T13:00:00Z");
    expect(await produceWeeklySummaries(t.db, monday, TZ)).toEqual({
      week: "2026-11-23",
      created: 2,
      emailed: 2,
    });
    const { figures } = await getWeeklySummary(t.db, { userId: sam, role: "SUPERVISOR" }, "2026-11-23");
    const c = figures.current;
    expect(c.patients).toEqual({ enrolled: 3, active: 3, completed: 1, closedEarly: 1, optedOut: 1 });
    expect(figures.previous.patients).toMatchObject({ enrolled: 1, completed: 0 });
    expect(c.checkIns).toEqual({ answered: 3, missed: 1, responseRate: 75 });
    expect(figures.previous.checkIns.responseRate).toBe(50);
    expect(c.tasks).toEqual({
      total: 4,
      bySeverity: { EMERGENT: 1, URGENT: 2, ROUTINE: 1 },
      byReason: [
        { reason: "HF_WEIGHT_GAIN", count: 2 },
        { reason: "PATIENT_MESSAGE", count: 1 },
        { reason: "RED_FLAG_SYMPTOM", count: 1 },
      ],
    });
    expect(c.sla).toMatchObject({ total: 4, within: 3, percent: 75 });
    expect(c.sla.bySeverity.map((s) => s.percent)).toEqual([0, 100, 100]);
    expect(c.firstContactMinutes).toEqual({ EMERGENT: 20, URGENT: 60, ROUTINE: null });
    expect(c.breachesByNurse).toEqual([{ nurse: "Nina Nurse", count: 1 }]);
    expect(figures.previous.breachesByNurse).toEqual([{ nurse: "Unassigned", count: 1 }]);
    expect(c.returns).toEqual({ known: true, readmissions: 1, edReturns: 0 });
    expect(figures.previous.returns).toMatchObject({ readmissions: 0, edReturns: 1 });

    const emails = await t.db.emailMessage.findMany({ where: { idempotencyKey: { startsWith: "weekly:" } } });
    expect(emails.map((e) => e.to).sort()).toEqual(["kim@w.test", "sam@w.test"]);
    expect(emails[0]!.subject).toBe("Sequora weekly summary, week of 2026-11-23");
    expect(emails[0]!.body).toContain("Enrolled: 3 (+2 vs the week before)");
    expect(emails[0]!.body).toContain("Check-in response rate: 75% (+25 pts)");
    expect(emails[0]!.body).toContain(
      "Median time to first contact: EMERGENT 20 min, URGENT 60 min, ROUTINE –",
    );

    // Running again (a retried or duplicated Monday run) makes and sends nothing new.
    expect(await produceWeeklySummaries(t.db, at("2026-11-30T14:00:00Z"), TZ)).toEqual({
      week: "2026-11-23",
      created: 0,
      emailed: 0,
    });
    expect(await t.db.emailMessage.count({ where: { idempotencyKey: { startsWith: "weekly:" } } })).toBe(2);
  });

  it("an admin re-sends a stored summary; supervisors list their own weeks, admins every copy", async () => {
    expect(await resendWeeklySummary({ db: t.db }, { week: "2026-11-23", recipientId: kim })).toEqual({
      sendCount: 2,
    });
    const kims = await t.db.emailMessage.findMany({
      where: { to: "kim@w.test" },
      orderBy: { createdAt: "asc" },
    });
    expect(kims).toHaveLength(2);
    expect(kims[1]!.body).toBe(kims[0]!.body);
    await expect(
      resendWeeklySummary({ db: t.db }, { week: "2026-11-16", recipientId: kim }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const own = await listWeeklySummaries(t.db, { userId: sam, role: "SUPERVISOR" });
    expect(own.map((w) => w.recipients.map((r) => r.name))).toEqual([["Sam Sup"]]);
    const all = await listWeeklySummaries(t.db, { userId: "admin", role: "ADMIN" });
    expect(all[0]!.recipients.map((r) => [r.name, r.sendCount]).sort()).toEqual([
      ["Kim Sup", 2],
      ["Sam Sup", 1],
    ]);
    await expect(
      getWeeklySummary(t.db, { userId: sam, role: "SUPERVISOR" }, "2026-11-16"),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
