import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { postSigned } from "../../test/fake-twilio/server.js";
import { recordProviderMessage } from "./message-store.js";
import { createSmsService, type SmsService } from "./send.js";
import type { PhoneUnusableEvent } from "./status-callback.js";
import { createPatient, type SmsHarness, startSmsHarness } from "./test-fixtures.js";
import { createTwilioClient, createTwilioTransport } from "./twilio-transport.js";
import { createTwilioWebhookHandlers } from "./webhooks.js";

let t: TestDatabase;
let h: SmsHarness;
let sms: SmsService;
const phoneEvents: PhoneUnusableEvent[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startSmsHarness();
  sms = createSmsService({ db: t.db, config: h.config });
  h.mount(
    createTwilioWebhookHandlers({
      db: t.db,
      config: h.config,
      onMessage: async () => {},
      onPhoneUnusable: (e) => {
        phoneEvents.push(e);
      },
    }),
  );
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

async function sendOne(over: { consentStatus?: "GRANTED" } = {}) {
  const { patient } = await createPatient(t.db, over);
  const res = await sms.send({
    patientId: patient.id,
    template: "checkin.intro",
    purpose: "REPLY",
    idempotencyKey: `cb:${patient.id}`,
  });
  if (res.kind !== "SENT" || !res.providerSid) throw new Error(`not sent: ${res.kind}`);
  return { patient, messageId: res.messageId, sid: res.providerSid };
}
const statusOf = async (id: string) => (await t.db.message.findUniqueOrThrow({ where: { id } })).status;

describe("status callbacks", () => {
  it("only move forward: out-of-order and repeated callbacks are harmless", async () => {
    const { messageId, sid } = await sendOne();
    expect(await h.fake.sendStatusCallback(sid, "sent")).toBe(204);
    expect(await statusOf(messageId)).toBe("SENT");
    expect(await h.fake.sendStatusCallback(sid, "delivered")).toBe(204);
    expect(await h.fake.sendStatusCallback(sid, "sending")).toBe(204);
    expect(await h.fake.sendStatusCallback(sid, "queued")).toBe(204);
    expect(await h.fake.sendStatusCallback(sid, "delivered")).toBe(204);
    expect(await h.fake.sendStatusCallback(sid, "failed", { errorCode: 30008 })).toBe(204);
    expect(await statusOf(messageId)).toBe("DELIVERED");
    expect((await t.db.message.findUniqueOrThrow({ where: { id: messageId } })).errorCode).toBeNull();
    await h.fake.sendStatusCallback(sid, "read");
    expect(await statusOf(messageId)).toBe("READ");
  });

  it("delivered arriving before sent ends as delivered", async () => {
    const { messageId, sid } = await sendOne();
    await h.fake.sendStatusCallback(sid, "delivered");
    await h.fake.sendStatusCallback(sid, "sent");
    expect(await statusOf(messageId)).toBe("DELIVERED");
  });

  it("a callback that beats our own create response is kept, and the late response cannot move it back", async () => {
    const { patient } = await createPatient(t.db);
    const row = await t.db.message.create({
      data: {
        patientId: patient.id,
        direction: "OUTBOUND",
        template: "checkin.intro",
        body: "hello",
        status: "SENDING",
        idempotencyKey: `race:${patient.id}`,
      },
    });
    // Our in-flight request, as Twilio receives it (with our ?m= callback URL).
    const created = await createTwilioClient(h.config).messages.create({
      to: patient.phone,
      from: h.config.from,
      body: "hello",
      statusCallback: `${h.publicBaseUrl}/webhooks/twilio/status?m=${row.id}`,
    });
    await h.fake.sendStatusCallback(created.sid, "sent");
    expect(await t.db.message.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      providerSid: created.sid,
      status: "SENT",
    });
    await recordProviderMessage(t.db, row.id, {
      providerSid: created.sid,
      statuses: ["QUEUED"],
      errorCode: null,
    });
    expect(await statusOf(row.id)).toBe("SENT");
  });

  it("applies error codes: 21610 opts the patient out, 30006 marks a landline once", async () => {
    const a = await sendOne();
    await h.fake.sendStatusCallback(a.sid, "failed", { errorCode: 21610 });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: a.patient.id } })).optedOut).toBe(true);
    expect(await t.db.message.findUniqueOrThrow({ where: { id: a.messageId } })).toMatchObject({
      status: "FAILED",
      errorCode: 21610,
    });

    const b = await sendOne();
    await h.fake.sendStatusCallback(b.sid, "undelivered", { errorCode: 30006 });
    await h.fake.sendStatusCallback(b.sid, "undelivered", { errorCode: 30006 });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: b.patient.id } })).phoneStatus).toBe(
      "LANDLINE",
    );
    expect(phoneEvents.filter((e) => e.patientId === b.patient.id)).toEqual([
      { patientId: b.patient.id, messageId: b.messageId, phoneStatus: "LANDLINE", errorCode: 30006 },
    ]);
  });

  it("rejects unsigned callbacks and changes nothing", async () => {
    const { messageId, sid } = await sendOne();
    const url = `${h.publicBaseUrl}/webhooks/twilio/status?m=${messageId}`;
    const res = await postSigned(
      url,
      { MessageSid: sid, MessageStatus: "delivered" },
      h.fake.authToken,
      "none",
    );
    expect(res.status).toBe(403);
    expect(await statusOf(messageId)).toBe("QUEUED");
  });

  it("validates against PUBLIC_BASE_URL when behind a proxy that rewrites the path", async () => {
    const proxied = { ...h.config, publicBaseUrl: "https://care.example.org/sms-proxy" };
    const handlers = createTwilioWebhookHandlers({ db: t.db, config: proxied, onMessage: async () => {} });
    const server = createServer((req, res) => void handlers.status(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/twilio/status`;
    try {
      const { messageId, sid } = await sendOne();
      const params = { MessageSid: sid, MessageStatus: "delivered" };
      const publicUrl = `${proxied.publicBaseUrl}/webhooks/twilio/status`;
      expect((await postSigned(local, params, h.fake.authToken, "valid")).status).toBe(403);
      expect((await postSigned(local, params, h.fake.authToken, "valid", publicUrl)).status).toBe(204);
      expect(await statusOf(messageId)).toBe("DELIVERED");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("the twilio transport points the SDK at TWILIO_API_BASE_URL", async () => {
    const before = h.fake.requests.length;
    const transport = createTwilioTransport(h.config);
    const found = await transport.findSent({ to: "+15550000000", body: "nothing", since: new Date() });
    expect(found).toEqual([]);
    expect(h.fake.requests.slice(before)).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/2010-04-01/Accounts/${h.fake.accountSid}/Messages.json`,
      }),
    ]);
  });
});
