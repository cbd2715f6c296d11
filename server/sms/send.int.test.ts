import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { registry } from "../observability/metrics.js";
import { loadSmsConfig } from "./config.js";
import { RetryableSmsError } from "./errors.js";
import { createSmsService, type SendInput, type SmsService } from "./send.js";
import { createPatient, type SmsHarness, startSmsHarness } from "./test-fixtures.js";

let t: TestDatabase;
let h: SmsHarness;
let sms: SmsService;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startSmsHarness({ requestTimeoutMs: 1_500 });
  sms = createSmsService({ db: t.db, config: h.config });
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});
beforeEach(() => h.fake.clearFaults());

const key = () => `test:${++seq}:${Math.random()}`;
const creates = () => h.fake.requests.filter((r) => r.method === "POST").length;
const lists = () =>
  h.fake.requests.filter((r) => r.method === "GET" && !r.path.includes("/Messages/")).length;

// Loosely typed on purpose: tests also send inputs the types forbid, to prove the runtime checks.
function input(patientId: string, over: Record<string, unknown> = {}): SendInput {
  return {
    patientId,
    template: "checkin.intro",
    purpose: "SCHEDULED",
    idempotencyKey: key(),
    vars: {},
    ...over,
  } as SendInput;
}

describe("send through the real twilio SDK against the fake", () => {
  it("stores the message, sends it once with a status callback, and replays without sending again", async () => {
    const { patient, episode } = await createPatient(t.db, { firstName: "Ana" });
    const req = input(patient.id, { episodeId: episode.id });
    const first = await sms.send(req);
    expect(first).toMatchObject({ kind: "SENT", status: "QUEUED", replayed: false });
    const sent = h.fake.sentTo(patient.phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatch(/^Hi Ana, Riverside Hospital checking in/);
    expect(sent[0]?.from).toBe(h.config.from);
    expect(sent[0]?.statusCallback).toBe(`${h.publicBaseUrl}/webhooks/twilio/status?m=${first.messageId}`);
    const row = await t.db.message.findUniqueOrThrow({ where: { id: first.messageId } });
    expect(row).toMatchObject({ providerSid: sent[0]?.sid, direction: "OUTBOUND", sendAttempts: 1 });

    const again = await sms.send(req);
    expect(again).toMatchObject({ kind: "SENT", messageId: first.messageId, replayed: true });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("sends exactly once when the same task step runs concurrently", async () => {
    const { patient } = await createPatient(t.db);
    const req = input(patient.id);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => sms.send(req)));
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok.length).toBeGreaterThan(0);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toBeInstanceOf(RetryableSmsError);
    }
  });

  it("21610 marks the patient opted out, and later sends are suppressed without calling Twilio", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "error-code", code: 21610 });
    const res = await sms.send(input(patient.id));
    expect(res).toMatchObject({ kind: "OPTED_OUT", errorCode: 21610 });
    expect(await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).toMatchObject({
      optedOut: true,
    });
    expect(await t.db.message.findUniqueOrThrow({ where: { id: res.messageId } })).toMatchObject({
      status: "FAILED",
      errorCode: 21610,
    });
    const before = creates();
    expect(await sms.send(input(patient.id, { purpose: "EMERGENCY" }))).toMatchObject({
      kind: "SUPPRESSED",
      reason: "OPTED_OUT",
    });
    expect(creates()).toBe(before);
  });

  it.each([
    [21211, "INVALID"],
    [21614, "NOT_SMS_CAPABLE"],
    [30006, "LANDLINE"],
  ] as const)("%i marks the phone %s and asks for phone outreach", async (code, phoneStatus) => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "error-code", code });
    const req = input(patient.id);
    const res = await sms.send(req);
    expect(res).toMatchObject({
      kind: "PHONE_UNUSABLE",
      phoneStatus,
      errorCode: code,
      needsPhoneOutreach: true,
    });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).phoneStatus).toBe(
      phoneStatus,
    );
    expect(await sms.send(req)).toMatchObject({ kind: "PHONE_UNUSABLE", replayed: true });
    expect(await sms.send(input(patient.id))).toMatchObject({ kind: "SUPPRESSED", reason: "PHONE_BAD" });
  });

  it("5xx throws RetryableSmsError, and the retry sends once", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "http", status: 503 });
    const req = input(patient.id);
    const listsBefore = lists();
    const err = await sms.send(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableSmsError);
    // A 5xx may hide an accepted message, so the service looked before giving up.
    expect(lists()).toBe(listsBefore + 1);
    const row = await t.db.message.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } });
    expect(row).toMatchObject({ status: "PENDING", providerSid: null });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);

    expect(await sms.send(req)).toMatchObject({ kind: "SENT", messageId: row.id });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: row.id } })).sendAttempts).toBe(2);
  });

  it("429 and 30003 are retryable without any reconciliation call", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "rate-limit" });
    h.fake.injectFault({ kind: "error-code", code: 30003 });
    const req = input(patient.id);
    const listsBefore = lists();
    await expect(sms.send(req)).rejects.toBeInstanceOf(RetryableSmsError);
    await expect(sms.send(req)).rejects.toMatchObject({ errorCode: 30003 });
    expect(lists()).toBe(listsBefore);
    expect(await sms.send(req)).toMatchObject({ kind: "SENT" });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("a lost response is reconciled from Twilio's message list: no duplicate text", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "lose-response" });
    const req = input(patient.id);
    const res = await sms.send(req);
    const sent = h.fake.sentTo(patient.phone);
    expect(sent).toHaveLength(1);
    expect(res).toMatchObject({ kind: "SENT", providerSid: sent[0]?.sid });
    await sms.send(req);
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("a crash after a lost response is reconciled by the next attempt", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "lose-response" });
    h.fake.injectFault({ kind: "http", status: 500 }, { on: "list" });
    const req = input(patient.id);
    await expect(sms.send(req)).rejects.toBeInstanceOf(RetryableSmsError);
    const row = await t.db.message.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } });
    expect(row).toMatchObject({ status: "SENDING", providerSid: null });

    const createsBefore = creates();
    const res = await sms.send(req);
    expect(creates()).toBe(createsBefore);
    const sent = h.fake.sentTo(patient.phone);
    expect(sent).toHaveLength(1);
    expect(res).toMatchObject({ kind: "SENT", providerSid: sent[0]?.sid });
  });

  it("a timeout with nothing at Twilio is retried and sent once", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "hang" });
    const req = input(patient.id);
    await expect(sms.send(req)).rejects.toBeInstanceOf(RetryableSmsError);
    expect(await sms.send(req)).toMatchObject({ kind: "SENT" });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("a second attempt while the first still waits for Twilio does not send again", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "hang" });
    const req = input(patient.id);
    const createsAtStart = creates();
    const first = sms.send(req).catch((e: unknown) => e);
    // The row says SENDING before the first attempt's request reaches the fake: wait for both, or
    // a slow machine counts that request as the second attempt's.
    await vi.waitFor(async () => {
      const row = await t.db.message.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
      expect(row?.status).toBe("SENDING");
      expect(creates()).toBe(createsAtStart + 1);
    });
    const createsBefore = creates();
    await expect(sms.send(req)).rejects.toThrow(/another attempt/);
    expect(creates()).toBe(createsBefore);
    expect(await first).toBeInstanceOf(RetryableSmsError);
    expect(await sms.send(req)).toMatchObject({ kind: "SENT" });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("after a crash mid-send (lease expired), the next attempt reconciles before sending", async () => {
    const { patient } = await createPatient(t.db);
    const req = input(patient.id);
    h.fake.injectFault({ kind: "lose-response" });
    h.fake.injectFault({ kind: "http", status: 500 }, { on: "list" });
    await expect(sms.send(req)).rejects.toBeInstanceOf(RetryableSmsError);
    // As if the process had died instead: no end marker, last touched long ago.
    await t.db
      .$executeRaw`UPDATE "Message" SET "sendAfter" = NULL, "updatedAt" = now() - interval '10 minutes'
      WHERE "idempotencyKey" = ${req.idempotencyKey}`;
    const createsBefore = creates();
    expect(await sms.send(req)).toMatchObject({ kind: "SENT" });
    expect(creates()).toBe(createsBefore);
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });

  it("other errors fail the message with the code kept", async () => {
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "error-code", code: 30007 });
    const req = input(patient.id);
    expect(await sms.send(req)).toMatchObject({ kind: "FAILED", errorCode: 30007 });
    expect(await sms.send(req)).toMatchObject({ kind: "FAILED", errorCode: 30007, replayed: true });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
  });
});

describe("the outbox (embedded mode: nothing leaves the machine)", () => {
  it("a text is stored delivered in one step, counted once as delivered, and replays as sent", async () => {
    const outbox = createSmsService({ db: t.db, config: loadSmsConfig({}) });
    const { patient } = await createPatient(t.db, { consentStatus: "GRANTED" });
    const delivered = async () =>
      (await registry.getSingleMetric("sequora_sms_delivered_total")?.get())?.values[0]?.value ?? 0;
    const before = await delivered();
    const req = input(patient.id, { purpose: "REPLY" });
    const sent = await outbox.send(req);
    expect(sent).toMatchObject({ kind: "SENT", status: "DELIVERED", replayed: false });
    const row = await t.db.message.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } });
    expect(row).toMatchObject({ status: "DELIVERED", sendAttempts: 1 });
    expect(row.providerSid).toBe((sent as { providerSid: string }).providerSid);
    expect(await delivered()).toBe(before + 1);
    expect(await outbox.send(req)).toMatchObject({ kind: "SENT", status: "DELIVERED", replayed: true });
    expect(await delivered()).toBe(before + 1);
  });
});
