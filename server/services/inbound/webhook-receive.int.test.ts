import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { newSid } from "../../../test/fake-twilio/wire.js";
import { createSmsService, type SmsService } from "../../sms/send.js";
import type { PhoneUnusableEvent } from "../../sms/status-callback.js";
import { createPatient, randomPhone, type SmsHarness, startSmsHarness } from "../../sms/test-fixtures.js";
import { SMS_WEBHOOK_PATH } from "../../sms/transport.js";
import { createTwilioWebhookHandlers } from "../../sms/webhooks.js";
import { receivePatientMessage } from "./receive-message.js";

let t: TestDatabase;
let h: SmsHarness;
let sms: SmsService;
let inboundUrl: string;
const dispatched: string[] = [];
const phoneEvents: PhoneUnusableEvent[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startSmsHarness();
  sms = createSmsService({ db: t.db, config: h.config });
  const jobs = {
    routeInbound: async (id: string) => {
      dispatched.push(id);
    },
  };
  h.mount(
    createTwilioWebhookHandlers({
      db: t.db,
      config: h.config,
      onMessage: (m) => receivePatientMessage({ db: t.db, config: h.config, sms, jobs }, m),
      onPhoneUnusable: (e) => {
        phoneEvents.push(e);
      },
    }),
  );
  inboundUrl = `${h.publicBaseUrl}${SMS_WEBHOOK_PATH}`;
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});
beforeEach(() => h.fake.clearFaults());

const text = (
  from: string,
  body: string,
  extra: { messageSid?: string; signature?: "valid" | "none" | "bad" } = {},
) =>
  h.fake.sendInbound(inboundUrl, {
    from,
    to: h.config.mode === "connected" ? "+15550009999" : "",
    body,
    ...extra,
  });
const inboundRows = (patientId: string) =>
  t.db.message.findMany({ where: { patientId, direction: "INBOUND" } });
const bodiesTo = (phone: string) => h.fake.sentTo(phone).map((m) => m.body);

describe("inbound SMS webhook", () => {
  it("stores a signed message once, answers empty TwiML, then dispatches it (a redelivery is ignored)", async () => {
    const { patient } = await createPatient(t.db);
    const messageSid = newSid();
    const res = await text(patient.phone, "I feel a bit dizzy", { messageSid });
    expect(res.status).toBe(200);
    expect(res.contentType).toContain("text/xml");
    expect(res.body).toMatch(/<Response\s*\/>/);
    const rows = await inboundRows(patient.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      body: "I feel a bit dizzy",
      status: "RECEIVED",
      providerSid: messageSid,
      processedAt: null,
    });
    await vi.waitFor(() => expect(dispatched).toContain(rows[0]?.id), { timeout: 5_000 });

    expect((await text(patient.phone, "I feel a bit dizzy", { messageSid })).status).toBe(200);
    expect(await inboundRows(patient.id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(dispatched.filter((id) => id === rows[0]?.id)).toHaveLength(1);
  });

  it.each(["none", "bad"] as const)(
    "rejects a %s signature with 403 and stores nothing",
    async (signature) => {
      const { patient } = await createPatient(t.db);
      const res = await text(patient.phone, "hello", { signature });
      expect(res.status).toBe(403);
      expect(await inboundRows(patient.id)).toHaveLength(0);
    },
  );

  it("rejects a signature made for another URL", async () => {
    const { patient } = await createPatient(t.db);
    const forged = await h.fake.sendInbound(inboundUrl, {
      from: patient.phone,
      to: "+15550009999",
      body: "hi",
      signedFor: "https://elsewhere.example.org/webhooks/twilio/sms",
    });
    expect(forged.status).toBe(403);
    expect(await inboundRows(patient.id)).toHaveLength(0);
  });

  it("refuses an oversized body with 413", async () => {
    const { patient } = await createPatient(t.db);
    const res = await text(patient.phone, "x".repeat(20 * 1024));
    expect(res.status).toBe(413);
    expect(await inboundRows(patient.id)).toHaveLength(0);
  });

  it("answers 200 to an unknown number and stores nothing", async () => {
    const before = await t.db.message.count();
    const res = await text(randomPhone(), "who is this?");
    expect(res.status).toBe(200);
    expect(await t.db.message.count()).toBe(before);
  });
});

describe("keywords", () => {
  it("STOP opts out with exactly one confirmation; later sends are suppressed", async () => {
    const { patient } = await createPatient(t.db);
    expect((await text(patient.phone, "Stop")).status).toBe(200);
    const p = await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } });
    expect(p.optedOut).toBe(true);
    expect(bodiesTo(patient.phone)).toEqual([expect.stringMatching(/unsubscribed.*Reply START/)]);
    await text(patient.phone, "STOP");
    await text(patient.phone, "alto");
    expect(bodiesTo(patient.phone)).toHaveLength(1);
    expect(
      await sms.send({
        patientId: patient.id,
        template: "checkin.intro",
        purpose: "SCHEDULED",
        idempotencyKey: `s:${patient.id}`,
      }),
    ).toMatchObject({ kind: "SUPPRESSED", reason: "OPTED_OUT" });
    expect(bodiesTo(patient.phone)).toHaveLength(1);
    const rows = await inboundRows(patient.id);
    expect(rows.every((r) => r.processedAt !== null)).toBe(true);
    expect(dispatched.some((id) => rows.some((r) => r.id === id))).toBe(false);
  });

  it("a plain-language opt-out is not a keyword: it goes to the workflow", async () => {
    const { patient } = await createPatient(t.db);
    await text(patient.phone, "stop texting me");
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).optedOut).toBe(false);
    const [row] = await inboundRows(patient.id);
    await vi.waitFor(() => expect(dispatched).toContain(row?.id), { timeout: 5_000 });
  });

  it("START re-opts in with a confirmation, and texts flow again", async () => {
    const { patient } = await createPatient(t.db, { optedOut: true });
    await text(patient.phone, "START");
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).optedOut).toBe(false);
    expect(bodiesTo(patient.phone)).toEqual([expect.stringMatching(/resubscribed/)]);
    await text(patient.phone, "start");
    expect(bodiesTo(patient.phone)).toHaveLength(1);
    await sms.send({
      patientId: patient.id,
      template: "checkin.intro",
      purpose: "REPLY",
      idempotencyKey: `r:${patient.id}`,
    });
    expect(bodiesTo(patient.phone)).toHaveLength(2);
  });

  it("HELP answers with programme name, phone and how to stop (Spanish for AYUDA patients)", async () => {
    const { patient } = await createPatient(t.db, { preferredLanguage: "ES" });
    await text(patient.phone, "AYUDA");
    const [help] = bodiesTo(patient.phone);
    expect(help).toContain(h.config.programName);
    expect(help).toContain(h.config.programPhone);
    expect(help).toContain("ALTO");
  });

  it("YES while consent is pending grants consent; YES afterwards is an answer for the workflow", async () => {
    const { patient } = await createPatient(t.db, { consentStatus: "PENDING" });
    await text(patient.phone, "Sí");
    const p = await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } });
    expect(p.consentStatus).toBe("GRANTED");
    expect(p.consentAt).not.toBeNull();
    expect(bodiesTo(patient.phone)).toEqual([expect.stringMatching(/signed up/)]);
    const [first] = await inboundRows(patient.id);
    expect(first?.processedAt).not.toBeNull();

    await text(patient.phone, "yes");
    const second = (await inboundRows(patient.id)).find((r) => r.id !== first?.id);
    await vi.waitFor(() => expect(dispatched).toContain(second?.id), { timeout: 5_000 });
    expect(bodiesTo(patient.phone)).toHaveLength(1);
  });

  it("YES during an open check-in grants consent and still reaches the workflow", async () => {
    const { patient, episode } = await createPatient(t.db, { consentStatus: "PENDING" });
    await t.db.checkIn.create({
      data: { episodeId: episode.id, slot: 1, scheduledAt: new Date(), status: "IN_PROGRESS" },
    });
    await text(patient.phone, "YES");
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).consentStatus).toBe(
      "GRANTED",
    );
    const [row] = await inboundRows(patient.id);
    await vi.waitFor(() => expect(dispatched).toContain(row?.id), { timeout: 5_000 });
  });
});
