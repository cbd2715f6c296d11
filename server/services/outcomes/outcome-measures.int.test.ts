import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import type { Protocol } from "../../db/client.js";
import { getOutcomeMeasures } from "./outcome-measures.js";

const DAY = 86_400_000;

// Real rows in a real database: episodes, returns recorded by the feed, tasks before them.
describe("outcome measures", () => {
  let t: TestDatabase;
  let n = 0;
  const today = new Date();
  // Index discharges two calendar months ago (a month whose 30 days are long over).
  const indexDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 3, 15));
  const month = indexDay.toISOString().slice(0, 7);

  const episode = async (protocol: Protocol, dischargedAt = indexDay) => {
    const i = n++;
    const patient = await t.db.patient.create({
      data: {
        mrn: `OUT-${i}`,
        firstName: "Out",
        lastName: "Come",
        phone: `+1312555${String(i).padStart(4, "0")}`,
      },
    });
    const ep = await t.db.episode.create({
      data: {
        patientId: patient.id,
        protocol,
        protocolVersion: 1,
        hospitalName: "Test",
        dischargedAt,
        closesAt: new Date(dischargedAt.getTime() + 30 * DAY),
      },
    });
    return { patientId: patient.id, episodeId: ep.id, dischargedAt };
  };
  const returned = async (
    e: Awaited<ReturnType<typeof episode>>,
    kind: "READMISSION" | "ED_RETURN",
    days: number,
    canceled = false,
  ) => {
    const message = await t.db.hospitalMessage.create({
      data: { transport: "MLLP", sendingFacility: "H", controlId: `c${n++}`, raw: new Uint8Array([1]) },
    });
    await t.db.hospitalReturn.create({
      data: {
        patientId: e.patientId,
        episodeId: e.episodeId,
        kind,
        messageId: message.id,
        occurredAt: new Date(e.dischargedAt.getTime() + days * DAY),
        ...(canceled ? { canceledAt: new Date() } : {}),
      },
    });
  };
  const task = (
    patientId: string,
    createdAt: Date,
    o: { resolvedAt?: Date; breached?: Date; reason?: string },
  ) =>
    t.db.escalationTask.create({
      data: {
        patientId,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: o.reason ?? "HF_WEIGHT_GAIN",
        reasonCodes: [],
        status: o.resolvedAt ? "RESOLVED" : "OPEN",
        createdAt,
        slaWarnAt: new Date(createdAt.getTime() + 3_600_000),
        // Due far ahead unless breached: only the breach mark makes it a breach here.
        slaDueAt: o.breached ?? new Date(createdAt.getTime() + 60 * DAY),
        ...(o.breached ? { slaBreachedAt: o.breached } : {}),
        ...(o.resolvedAt ? { resolvedAt: o.resolvedAt, firstContactAt: o.resolvedAt } : {}),
      },
    });

  beforeAll(async () => {
    t = await createTestDatabase();
    // HF: 4 episodes, 2 readmitted (day 3 with a task open before, day 12 with a breach 2 days before),
    // 1 ED return, 1 readmission on day 40 (outside the window: not counted).
    const hf = await Promise.all([episode("HF"), episode("HF"), episode("HF"), episode("HF")]);
    const [a, b, c, d] = hf as [(typeof hf)[0], (typeof hf)[0], (typeof hf)[0], (typeof hf)[0]];
    await returned(a, "READMISSION", 3.5);
    await task(a.patientId, new Date(a.dischargedAt.getTime() + 1 * DAY), {});
    await returned(b, "READMISSION", 12.2);
    await task(b.patientId, new Date(b.dischargedAt.getTime() + 9 * DAY), {
      breached: new Date(b.dischargedAt.getTime() + 10 * DAY),
      resolvedAt: new Date(b.dischargedAt.getTime() + 10.5 * DAY),
    });
    // The readmission's own task never counts as evidence.
    await task(b.patientId, new Date(b.dischargedAt.getTime() + 12.3 * DAY), { reason: "READMITTED" });
    await returned(c, "ED_RETURN", 5);
    await returned(d, "READMISSION", 40);
    // COPD: 2 episodes, 1 readmitted on day 20 with no task in the week before (one resolved long before),
    // one readmission the hospital canceled (A11).
    const copd = await episode("COPD");
    await returned(copd, "READMISSION", 20.1);
    await task(copd.patientId, new Date(copd.dischargedAt.getTime() + DAY), {
      resolvedAt: new Date(copd.dischargedAt.getTime() + 2 * DAY),
    });
    await returned(await episode("COPD"), "READMISSION", 2, true);
    // An episode the hospital canceled (A13) is not an index discharge.
    const gone = await episode("COPD");
    await t.db.hospitalMessage.create({
      data: {
        transport: "MLLP",
        sendingFacility: "H",
        controlId: "cancel-1",
        raw: new Uint8Array([1]),
        result: "CANCELED",
        episodeId: gone.episodeId,
      },
    });
  });
  afterAll(async () => t?.drop());

  it("30-day readmission and ED-return rates by protocol and month", async () => {
    const m = await getOutcomeMeasures(t.db, { months: 6 });
    expect(m.byProtocol).toEqual([
      expect.objectContaining({
        protocol: "COPD",
        episodes: 2,
        readmissions: 1,
        edReturns: 0,
        readmissionRate: 50,
      }),
      expect.objectContaining({
        protocol: "HF",
        episodes: 4,
        readmissions: 2,
        edReturns: 1,
        readmissionRate: 50,
      }),
    ]);
    expect(m.byMonth).toHaveLength(6);
    expect(m.byMonth.find((r) => r.month === month)).toMatchObject({
      episodes: 6,
      readmissions: 3,
      edReturns: 1,
      readmissionRate: 50,
      edReturnRate: 16.7,
      stillInWindow: 0,
    });
    expect(m.overall).toMatchObject({ episodes: 6, readmissions: 3 });
  });

  it("days from discharge to readmission, and tasks the week before", async () => {
    const m = await getOutcomeMeasures(t.db, { months: 6 });
    const counted = m.daysToReadmission.buckets.filter((b) => b.count > 0);
    expect(counted).toEqual([
      { day: 3, count: 1 },
      { day: 12, count: 1 },
      { day: 20, count: 1 },
    ]);
    expect(m.daysToReadmission.median).toBe(12);
    expect(m.tasksBefore).toEqual({
      readmittedPatients: 3,
      withOpenTask: 2,
      withBreachedTask: 1,
      withEither: 2,
      share: 66.7,
    });
  });

  it("a shorter range leaves older discharges out", async () => {
    const m = await getOutcomeMeasures(t.db, { months: 1 });
    expect(m.overall.episodes).toBe(0);
    expect(m.byMonth).toHaveLength(1);
  });
});
