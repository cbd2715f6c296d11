import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { loadSmsConfig } from "../../sms/config.js";
import { createSmsService } from "../../sms/send.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { receivePatientMessage } from "./receive-message.js";
import { type CheckInWaits, routeInboundMessage } from "./route-message.js";

let t: TestDatabase;
const config = loadSmsConfig({});
const jobs = recordingJobs();
const resumed: string[] = [];
let tokenWaiting = true;
const checkIns: CheckInWaits = {
  resume: async (tokenId) => {
    if (!tokenWaiting) return false;
    resumed.push(tokenId);
    return true;
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const deps = () => ({ db: t.db, sms: createSmsService({ db: t.db, config }), jobs, checkIns });
async function text(phone: string, body: string): Promise<string> {
  const r = await receivePatientMessage(
    { db: t.db, sms: createSmsService({ db: t.db, config }), config, jobs: { routeInbound: async () => {} } },
    { from: phone, body },
  );
  if (r.kind !== "STORED") throw new Error(r.kind);
  return r.messageId;
}
const templatesTo = async (patientId: string) =>
  (
    await t.db.message.findMany({
      where: { patientId, direction: "OUTBOUND" },
      orderBy: { createdAt: "asc" },
    })
  ).map((m) => m.template);
const processed = async (id: string) => (await t.db.message.findUniqueOrThrow({ where: { id } })).processedAt;

describe("routeInboundMessage", () => {
  it("emergency words between check-ins: an EMERGENT task (assigned, watched), 911 advice, processed once", async () => {
    const { patient } = await createPatient(t.db);
    const id = await text(patient.phone, "crushing chest pain and I can't breathe");
    const out = await routeInboundMessage(deps(), id);
    expect(out).toMatchObject({ routed: "NURSE", severity: "EMERGENT" });
    const task = await t.db.escalationTask.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(task.severity).toBe("EMERGENT");
    expect(jobs.started).toEqual(expect.arrayContaining([`assign:${task.id}`, `monitorSla:${task.id}`]));
    expect(await templatesTo(patient.id)).toContain("emergency.call_911");
    expect(await processed(id)).not.toBeNull();
    expect(await routeInboundMessage(deps(), id)).toEqual({ routed: "ALREADY_PROCESSED" });
  });

  it("hands a reply to the check-in whose question waits, and only while it waits", async () => {
    const { patient, episode } = await createPatient(t.db);
    const checkIn = await t.db.checkIn.create({
      data: {
        episodeId: episode.id,
        slot: 1,
        scheduledAt: new Date(),
        status: "IN_PROGRESS",
        waitTokenId: "tok_q1",
      },
    });
    const id = await text(patient.phone, "yes");
    expect(await routeInboundMessage(deps(), id)).toEqual({ routed: "CHECK_IN", checkInId: checkIn.id });
    expect(resumed).toContain("tok_q1");
    expect(await processed(id)).not.toBeNull();

    tokenWaiting = false;
    const late = await text(patient.phone, "my ankles are swollen");
    expect(await routeInboundMessage(deps(), late)).toMatchObject({ routed: "NURSE" });
    tokenWaiting = true;
  });

  it("a short yes confirms the appointment awaiting it; with none waiting it is free text", async () => {
    const { patient, episode } = await createPatient(t.db);
    const appt = await t.db.appointment.create({
      data: {
        patientId: patient.id,
        episodeId: episode.id,
        scheduledAt: new Date(Date.now() + 20 * 3_600_000),
        location: "Clinic",
        reminder24SentAt: new Date(),
      },
    });
    const id = await text(patient.phone, "1");
    expect(await routeInboundMessage(deps(), id)).toEqual({ routed: "APPOINTMENT", appointmentId: appt.id });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).status).toBe("CONFIRMED");
    const again = await text(patient.phone, "1");
    expect(await routeInboundMessage(deps(), again)).toMatchObject({ routed: "NURSE" });
  });

  it("an opted-out patient's text is marked processed and answered with nothing", async () => {
    const { patient } = await createPatient(t.db, { optedOut: true });
    const id = await text(patient.phone, "chest pain");
    expect(await routeInboundMessage(deps(), id)).toEqual({ routed: "OPTED_OUT" });
    expect(await processed(id)).not.toBeNull();
    expect(await templatesTo(patient.id)).toEqual([]);
  });

  it("an unknown or outbound message id is NOT_FOUND", async () => {
    expect(await routeInboundMessage(deps(), "nope")).toEqual({ routed: "NOT_FOUND" });
  });
});
