import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { loadSmsConfig } from "./config.js";
import { nextAllowedSendTime } from "./quiet-hours.js";
import { listConversation, listOutbox } from "./read.js";
import { createSmsService, type SendInput, SmsInputError, type SmsService } from "./send.js";
import { createPatient, nighttimeZone, type SmsHarness, startSmsHarness } from "./test-fixtures.js";

let t: TestDatabase;
let h: SmsHarness;
let sms: SmsService;
let outbox: SmsService;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startSmsHarness();
  sms = createSmsService({ db: t.db, config: h.config });
  outbox = createSmsService({ db: t.db, config: loadSmsConfig({}) });
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

// Loosely typed on purpose: tests also send inputs the types forbid, to prove the runtime checks.
function input(patientId: string, over: Record<string, unknown> = {}): SendInput {
  return {
    patientId,
    template: "checkin.intro",
    purpose: "SCHEDULED",
    idempotencyKey: `p:${++seq}`,
    ...over,
  } as SendInput;
}

describe("send rules", () => {
  it("defers scheduled outreach in the patient's quiet hours, and sends replies and emergencies at once", async () => {
    const zone = nighttimeZone();
    const { patient } = await createPatient(t.db, { timeZone: zone });
    const req = input(patient.id);
    const res = await sms.send(req);
    expect(res.kind).toBe("DEFERRED");
    if (res.kind !== "DEFERRED") return;
    expect(res.notBefore.getTime()).toBeGreaterThan(Date.now());
    expect(res.notBefore).toEqual(nextAllowedSendTime(zone, new Date(res.notBefore.getTime() - 3_600_000)));
    expect(await t.db.message.findUniqueOrThrow({ where: { id: res.messageId } })).toMatchObject({
      status: "PENDING",
      sendAfter: res.notBefore,
    });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
    // Re-running before 08:00 still defers the same stored message.
    expect(await sms.send(req)).toMatchObject({ kind: "DEFERRED", messageId: res.messageId });

    expect(await sms.send(input(patient.id, { purpose: "REPLY", template: "ack.received" }))).toMatchObject({
      kind: "SENT",
    });
    expect(
      await sms.send(input(patient.id, { purpose: "EMERGENCY", template: "emergency.call_911" })),
    ).toMatchObject({
      kind: "SENT",
    });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(2);
  });

  it("without consent: the consent request counts, then 1 a day; emergencies and HELP still go", async () => {
    const { patient } = await createPatient(t.db, { consentStatus: "PENDING" });
    expect(
      await sms.send(input(patient.id, { purpose: "CONSENT", template: "consent.request" })),
    ).toMatchObject({
      kind: "SENT",
    });
    expect(await sms.send(input(patient.id))).toMatchObject({
      kind: "SUPPRESSED",
      reason: "CONSENT_DAILY_CAP",
    });
    expect(await sms.send(input(patient.id, { purpose: "REPLY", template: "ack.received" }))).toMatchObject({
      kind: "SUPPRESSED",
    });
    expect(
      await sms.send(input(patient.id, { purpose: "EMERGENCY", template: "emergency.call_911" })),
    ).toMatchObject({
      kind: "SENT",
    });
    expect(await sms.send(input(patient.id, { purpose: "REPLY", template: "help" }))).toMatchObject({
      kind: "SENT",
    });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(3);
  });

  it("without consent: at most 3 a week", async () => {
    const { patient } = await createPatient(t.db, { consentStatus: "PENDING" });
    for (const daysAgo of [2, 4, 6]) {
      const r = await sms.send(input(patient.id));
      expect(r.kind).toBe("SENT");
      await t.db
        .$executeRaw`UPDATE "Message" SET "updatedAt" = now() - make_interval(days => ${daysAgo}) WHERE id = ${r.messageId}`;
    }
    expect(await sms.send(input(patient.id))).toMatchObject({
      kind: "SUPPRESSED",
      reason: "CONSENT_WEEKLY_CAP",
    });
    await t.db.patient.update({ where: { id: patient.id }, data: { consentStatus: "GRANTED" } });
    expect(await sms.send(input(patient.id))).toMatchObject({ kind: "SENT" });
  });

  it("sends a vetted check-in question text, and only for checkin.question", async () => {
    const { patient } = await createPatient(t.db);
    const text =
      "Breathing today: 1 normal, 2 worse with activity, 3 need extra pillows, 4 breathless sitting still";
    expect(await sms.send(input(patient.id, { template: "checkin.question", text }))).toMatchObject({
      kind: "SENT",
    });
    expect(h.fake.sentTo(patient.phone)[0]?.body).toBe(text);
    await expect(sms.send(input(patient.id, { template: "checkin.question" }))).rejects.toBeInstanceOf(
      SmsInputError,
    );
    await expect(sms.send(input(patient.id, { text }))).rejects.toBeInstanceOf(SmsInputError);
  });

  it("an opt-out being written while a text is claimed is waited for and seen: the text is suppressed", async () => {
    const { patient } = await createPatient(t.db);
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`UPDATE "Patient" SET "optedOut" = true, "optedOutAt" = now() WHERE id = $1`, [
        patient.id,
      ]);
      // The send reads the patient (not yet opted out: uncommitted), stores the text, then claims it.
      const sending = sms.send(input(patient.id, { purpose: "REPLY", template: "ack.received" }));
      await new Promise((r) => setTimeout(r, 300));
      expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
      await other.query("COMMIT");
      expect(await sending).toMatchObject({ kind: "SUPPRESSED", reason: "OPTED_OUT" });
    } finally {
      await other.end();
    }
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
  });

  it("a first send to a consented patient claims its text without locking the patient for update", async () => {
    const { patient } = await createPatient(t.db);
    // Readmitted (the hospital-feed hook): a reply still goes, and the pause time is compared exactly.
    const paused = await createPatient(t.db);
    await t.db.patient.update({
      where: { id: paused.patient.id },
      data: { outreachPausedAt: new Date(Date.now() - 123_457) },
    });
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      // A reader holding the patient FOR SHARE would block the transaction's FOR UPDATE, not this claim.
      await other.query("BEGIN");
      await other.query(`SELECT 1 FROM "Patient" WHERE id = ANY($1) FOR SHARE`, [
        [patient.id, paused.patient.id],
      ]);
      const sends = [
        sms.send(input(patient.id)),
        sms.send(input(paused.patient.id, { purpose: "REPLY", template: "ack.received" })),
      ];
      for (const send of sends) {
        const res = await Promise.race([
          send,
          new Promise<"blocked">((r) => setTimeout(() => r("blocked"), 5_000)),
        ]);
        expect(res).toMatchObject({ kind: "SENT" });
      }
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
    expect(h.fake.sentTo(paused.patient.phone)).toHaveLength(1);
  });

  it("speaks the patient's language", async () => {
    const { patient } = await createPatient(t.db, { firstName: "Lucía", preferredLanguage: "ES" });
    await sms.send(input(patient.id));
    expect(h.fake.sentTo(patient.phone)[0]?.body).toMatch(/^Hola Lucía, Riverside Hospital le saluda/);
  });

  it("names the hospital of the episode given, else of the latest discharge, else the configured one", async () => {
    const { patient, episode } = await createPatient(t.db, { firstName: "Ana" });
    await t.db.episode.update({
      where: { id: episode.id },
      data: { hospitalName: "Old Mill Hospital", dischargedAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await t.db.episode.create({
      data: {
        patientId: patient.id,
        protocol: "HF",
        protocolVersion: 1,
        hospitalName: "Mercy General",
        dischargedAt: new Date(),
        closesAt: new Date(Date.now() + 30 * 86_400_000),
      },
    });
    const alone = await createPatient(t.db, { firstName: "Bo" });
    await t.db.episode.delete({ where: { id: alone.episode.id } });
    const bodies = async (phone: string) => h.fake.sentTo(phone).map((m) => m.body);

    await sms.send(input(patient.id, { episodeId: episode.id }));
    await sms.send(input(patient.id));
    await sms.send(input(alone.patient.id));
    expect(await bodies(patient.phone)).toEqual([
      expect.stringMatching(/^Hi Ana, Old Mill Hospital checking in/),
      expect.stringMatching(/^Hi Ana, Mercy General checking in/),
    ]);
    expect(await bodies(alone.patient.phone)).toEqual([expect.stringMatching(/^Hi Bo, Riverside Hospital/)]);
    await expect(sms.send(input("no-such-patient"))).rejects.toThrow("patient not found");
  });

  it("refuses an idempotency key that belongs to another patient", async () => {
    const a = await createPatient(t.db);
    const b = await createPatient(t.db);
    const req = input(a.patient.id);
    await sms.send(req);
    await expect(sms.send({ ...req, patientId: b.patient.id })).rejects.toBeInstanceOf(SmsInputError);
    expect(h.fake.sentTo(b.patient.phone)).toHaveLength(0);
  });

  it("embedded mode: the outbox marks texts sent then delivered, readable as outbox and conversation", async () => {
    const { patient } = await createPatient(t.db);
    const since = new Date(Date.now() - 1000);
    const res = await outbox.send(input(patient.id));
    expect(res).toMatchObject({ kind: "SENT", status: "DELIVERED" });
    expect(res.kind === "SENT" && res.providerSid?.startsWith("LO")).toBe(true);
    const box = await listOutbox(t.db, { since });
    expect(box.find((m) => m.id === res.messageId)).toMatchObject({
      patientId: patient.id,
      status: "DELIVERED",
    });
    const convo = await listConversation(t.db, patient.id);
    expect(convo.map((m) => [m.direction, m.status])).toEqual([["OUTBOUND", "DELIVERED"]]);
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
  });
});
