import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { createSmsService, type SmsService } from "../../sms/send.js";
import { createPatient, randomPhone, type SmsHarness, startSmsHarness } from "../../sms/test-fixtures.js";
import { notifyStaff } from "./notify.js";
import { deliverStaffTexts } from "./staff-texts.js";

let t: TestDatabase;
let h: SmsHarness;
let sms: SmsService;

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

async function nurse(over: { phone?: string | null; active?: boolean } = {}) {
  return t.db.user.create({
    data: {
      email: `n-${randomBytes(4).toString("hex")}@sequora.test`,
      name: "Test Nurse",
      passwordHash: "x",
      role: "NURSE",
      phone: over.phone === undefined ? randomPhone() : over.phone,
      active: over.active ?? true,
    },
  });
}

async function taskFor() {
  const { patient, episode } = await createPatient(t.db, { firstName: "Maria" });
  const due = new Date(Date.now() + 15 * 60_000);
  return t.db.escalationTask.create({
    data: {
      patientId: patient.id,
      episodeId: episode.id,
      severity: "EMERGENT",
      priority: "URGENT",
      primaryReason: "CHEST_PAIN",
      reasonCodes: ["CHEST_PAIN"],
      slaWarnAt: due,
      slaDueAt: due,
    },
  });
}

async function page(userIds: string[], taskId?: string) {
  const key = `test:${randomBytes(4).toString("hex")}`;
  await notifyStaff(t.db, {
    userIds,
    taskId,
    kind: "TASK_ASSIGNED",
    title: "New emergent task assigned to you",
    channels: ["IN_APP", "SMS"],
    key,
  });
  return key;
}

const smsRow = (userId: string) =>
  t.db.notification.findFirstOrThrow({ where: { userId, channel: "SMS" }, orderBy: { createdAt: "desc" } });

describe("staff pages by SMS", () => {
  it("texts the nurse's phone once, through the real Twilio SDK, with a link and no patient data", async () => {
    const n = await nurse();
    const task = await taskFor();
    await page([n.id], task.id);
    expect(await deliverStaffTexts(t.db, sms, { taskId: task.id })).toEqual({ sent: 1, failed: 0, retry: 0 });
    const sent = h.fake.sentTo(n.phone!);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(
      `Sequora: New emergent task assigned to you. Open ${h.publicBaseUrl}/tasks/${task.id}`,
    );
    expect(sent[0]!.body).not.toMatch(/Maria|Testcase/);
    expect(await smsRow(n.id)).toMatchObject({ status: "SENT", providerId: sent[0]!.sid });
    // A re-executed task step (or the hourly sweep) sends nothing more.
    expect(await deliverStaffTexts(t.db, sms, { taskId: task.id })).toEqual({ sent: 0, failed: 0, retry: 0 });
    expect(await deliverStaffTexts(t.db, sms)).toEqual({ sent: 0, failed: 0, retry: 0 });
    expect(h.fake.sentTo(n.phone!)).toHaveLength(1);
  });

  it("two passes at once send one text", async () => {
    const n = await nurse();
    await page([n.id]);
    const reports = await Promise.all([deliverStaffTexts(t.db, sms), deliverStaffTexts(t.db, sms)]);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(h.fake.sentTo(n.phone!)).toHaveLength(1);
  });

  it("records why a page could not go: no phone, a number that is not one, an inactive account", async () => {
    const noPhone = await nurse({ phone: null });
    const badPhone = await nurse({ phone: "12" });
    const gone = await nurse({ active: false });
    await page([noPhone.id, badPhone.id, gone.id]);
    const before = h.fake.messages.length;
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 0, failed: 3 });
    expect(h.fake.messages.length).toBe(before);
    expect(await smsRow(noPhone.id)).toMatchObject({ status: "FAILED", failReason: "NO_PHONE" });
    expect(await smsRow(badPhone.id)).toMatchObject({ status: "FAILED", failReason: "PHONE_INVALID" });
    expect(await smsRow(gone.id)).toMatchObject({ status: "FAILED", failReason: "INACTIVE" });
    // The in-app notice is there regardless.
    const inApp = await t.db.notification.findFirstOrThrow({
      where: { userId: noPhone.id, channel: "IN_APP" },
    });
    expect(inApp.status).toBe("SENT");
  });

  it("a busy provider leaves the page for the next pass; a rejected number fails it", async () => {
    const n = await nurse();
    await page([n.id]);
    h.fake.injectFault({ kind: "rate-limit" }, { times: 1, on: "create" });
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 0, retry: 1 });
    expect((await smsRow(n.id)).status).toBe("PENDING");
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 1 });
    expect(h.fake.sentTo(n.phone!)).toHaveLength(1);

    const other = await nurse();
    await page([other.id]);
    h.fake.injectFault({ kind: "error-code", code: 21211, status: 400 }, { times: 1, on: "create" });
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ failed: 1 });
    expect(await smsRow(other.id)).toMatchObject({ status: "FAILED", failReason: "PROVIDER_21211" });
  });

  it("an answer lost in flight is neither resent nor lost: after the lease the provider's copy is adopted", async () => {
    const n = await nurse();
    await page([n.id]);
    h.fake.injectFault({ kind: "lose-response" }, { times: 1, on: "create" });
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 0, retry: 1 });
    expect((await smsRow(n.id)).status).toBe("SENDING");
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 0, retry: 0 });
    // Past the lease (a crash mid-send looks the same), the next pass finds the text Twilio holds.
    await t.db.notification.updateMany({
      where: { userId: n.id, channel: "SMS" },
      data: { updatedAt: new Date(Date.now() - sms.transport.inFlightLeaseMs - 1_000) },
    });
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 1 });
    const held = h.fake.sentTo(n.phone!);
    expect(held).toHaveLength(1);
    expect(await smsRow(n.id)).toMatchObject({ status: "SENT", providerId: held[0]!.sid });
  });

  it("a crash before the provider call: after the lease the page is sent", async () => {
    const n = await nurse();
    await page([n.id]);
    await t.db.notification.updateMany({
      where: { userId: n.id, channel: "SMS" },
      data: { status: "SENDING", updatedAt: new Date(Date.now() - sms.transport.inFlightLeaseMs - 1_000) },
    });
    expect(await deliverStaffTexts(t.db, sms)).toMatchObject({ sent: 1 });
    expect(h.fake.sentTo(n.phone!)).toHaveLength(1);
  });
});
