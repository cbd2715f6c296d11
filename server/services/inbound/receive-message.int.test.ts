import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { loadSmsConfig, type SmsConfig } from "../../sms/config.js";
import { listConversation } from "../../sms/read.js";
import { createSmsService, type SmsService } from "../../sms/send.js";
import { createPatient, randomPhone, type SmsHarness, startSmsHarness } from "../../sms/test-fixtures.js";
import { markInboundProcessed } from "./inbound-store.js";
import { receivePatientMessage, sweepPendingInbound } from "./receive-message.js";

let t: TestDatabase;
let h: SmsHarness;
const embedded = loadSmsConfig({});
type OnInbound = (messageId: string) => unknown;

// The use case's setup: the tests below hand it what the old pipeline options carried.
function receiveInbound(o: {
  db: TestDatabase["db"];
  config: SmsConfig;
  sms?: SmsService;
  from: string;
  body: string;
  providerSid?: string;
  onInbound?: OnInbound;
}) {
  const sms = o.sms ?? createSmsService({ db: o.db, config: o.config });
  const routeInbound = async (id: string) => void (await o.onInbound?.(id));
  return receivePatientMessage(
    { db: o.db, sms, config: o.config, jobs: { routeInbound } },
    { from: o.from, body: o.body, ...(o.providerSid ? { providerSid: o.providerSid } : {}) },
  );
}

function processPendingInbound(o: {
  db: TestDatabase["db"];
  onInbound: OnInbound;
  olderThanMs: number;
  config?: SmsConfig;
  sms?: SmsService;
}) {
  const config = o.config ?? embedded;
  const sms = o.sms ?? createSmsService({ db: o.db, config });
  const routeInbound = async (id: string) => void (await o.onInbound(id));
  return sweepPendingInbound(
    { db: o.db, sms, config, jobs: { routeInbound } },
    { olderThanMs: o.olderThanMs },
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startSmsHarness();
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe("receivePatientMessage (the use case without HTTP, as the phone simulator calls it)", () => {
  it("stores, applies STOP, and answers through the outbox", async () => {
    const { patient } = await createPatient(t.db);
    const res = await receiveInbound({ db: t.db, config: embedded, from: patient.phone, body: "STOP" });
    expect(res).toMatchObject({ kind: "STORED", keyword: "OPT_OUT", dispatch: false });
    const convo = await listConversation(t.db, patient.id);
    expect(convo.map((m) => [m.direction, m.status])).toEqual([
      ["INBOUND", "RECEIVED"],
      ["OUTBOUND", "DELIVERED"],
    ]);
    expect(convo[1]?.template).toBe("optout.confirm");
  });

  it("matches a typed US number, ignores strangers and de-duplicates on the provider sid", async () => {
    const { patient } = await createPatient(t.db);
    const typed = `(${patient.phone.slice(2, 5)}) ${patient.phone.slice(5, 8)}-${patient.phone.slice(8)}`;
    const onInbound = vi.fn();
    const first = await receiveInbound({
      db: t.db,
      config: embedded,
      from: typed,
      body: "feeling ok",
      providerSid: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      onInbound,
    });
    expect(first).toMatchObject({ kind: "STORED", patientId: patient.id, dispatch: true });
    await vi.waitFor(() => expect(onInbound).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    const dup = await receiveInbound({
      db: t.db,
      config: embedded,
      from: patient.phone,
      body: "feeling ok",
      providerSid: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      onInbound,
    });
    expect(dup).toEqual({ kind: "DUPLICATE", messageId: first.kind === "STORED" ? first.messageId : "" });
    const before = await t.db.message.count();
    expect(await receiveInbound({ db: t.db, config: embedded, from: randomPhone(), body: "hi" })).toEqual({
      kind: "UNKNOWN_SENDER",
    });
    expect(await t.db.message.count()).toBe(before);
    await new Promise((r) => setTimeout(r, 30));
    expect(onInbound).toHaveBeenCalledTimes(1);
  });
});

describe("sweepPendingInbound (durability sweep)", () => {
  it("re-dispatches what a crashed consumer never finished, once it is old enough, and only until processed", async () => {
    const { patient } = await createPatient(t.db);
    const crashing = vi.fn(() => Promise.reject(new Error("worker died")));
    const res = await receiveInbound({
      db: t.db,
      config: embedded,
      from: patient.phone,
      body: "my ankles are swollen",
      onInbound: crashing,
    });
    if (res.kind !== "STORED") throw new Error(res.kind);
    await vi.waitFor(() => expect(crashing).toHaveBeenCalled(), { timeout: 5_000 });

    const consumer = vi.fn(async (id: string) => markInboundProcessed(t.db, id));
    const young = await processPendingInbound({
      db: t.db,
      onInbound: consumer,
      olderThanMs: 60_000,
      config: embedded,
    });
    expect(young.dispatched).toBe(0);

    const swept = await processPendingInbound({
      db: t.db,
      onInbound: consumer,
      olderThanMs: 0,
      config: embedded,
    });
    expect(consumer).toHaveBeenCalledWith(res.messageId);
    expect(swept.dispatched).toBeGreaterThanOrEqual(1);
    expect(
      (await t.db.message.findUniqueOrThrow({ where: { id: res.messageId } })).processedAt,
    ).not.toBeNull();

    consumer.mockClear();
    await processPendingInbound({ db: t.db, onInbound: consumer, olderThanMs: 0, config: embedded });
    expect(consumer).not.toHaveBeenCalledWith(res.messageId);
  });

  it("finishes a STOP whose confirmation could not be sent, without a second confirmation", async () => {
    const sms = createSmsService({ db: t.db, config: h.config });
    const { patient } = await createPatient(t.db);
    h.fake.injectFault({ kind: "http", status: 500 }, { on: "create" });
    h.fake.injectFault({ kind: "http", status: 500 }, { on: "list" });
    const res = await receiveInbound({ db: t.db, config: h.config, sms, from: patient.phone, body: "STOP" });
    if (res.kind !== "STORED") throw new Error(res.kind);
    expect((await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).optedOut).toBe(true);
    expect(h.fake.sentTo(patient.phone)).toHaveLength(0);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: res.messageId } })).processedAt).toBeNull();

    const onInbound = vi.fn();
    const swept = await processPendingInbound({ db: t.db, sms, onInbound, olderThanMs: 0 });
    expect(swept.keywordsHandled).toBeGreaterThanOrEqual(1);
    expect(onInbound).not.toHaveBeenCalledWith(res.messageId);
    expect(h.fake.sentTo(patient.phone).map((m) => m.body)).toEqual([expect.stringMatching(/unsubscribed/)]);
    expect(
      (await t.db.message.findUniqueOrThrow({ where: { id: res.messageId } })).processedAt,
    ).not.toBeNull();

    await processPendingInbound({ db: t.db, sms, onInbound, olderThanMs: 0 });
    expect(h.fake.sentTo(patient.phone)).toHaveLength(1);
  });
});
