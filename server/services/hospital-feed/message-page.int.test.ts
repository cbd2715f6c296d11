import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, startAppHarness } from "../../../test/app-harness.js";
import { type AdtOptions, adtMessage, hl7Time, newControlId } from "../../../test/fake-ehr/adt-messages.js";
import { connectMllp, type MllpSender, readAck } from "../../../test/fake-ehr/mllp-sender.js";
import { jobs } from "../../jobs/index.js";
import { drainAdtFeed, sweepAdtMessages } from "./feed-queue.js";
import { feedDeps } from "./judge-adt.js";
import { type MllpFeed, startMllpFeed } from "./mllp-feed.js";

const ADMIN = "alex.admin@sequora.test";

// The accept-ACK contract and the admin's page, through the real listener, engine and database.
describe("hospital messages: accept ACK, order per patient, sweep, page and replay", () => {
  let h: AppHarness;
  let listener: MllpFeed;
  let one: MllpSender;
  let two: MllpSender;
  const deps = () => ({ db: h.t.db, jobs, hospitalName: "Test Hospital" });
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
    listener = await startMllpFeed(deps(), { host: "127.0.0.1", port: 0 });
    one = await connectMllp(listener.port);
    two = await connectMllp(listener.port);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await listener?.stop();
    await h?.stop();
  });

  const message = (o: Omit<AdtOptions, "controlId">) => {
    const controlId = newControlId();
    return { controlId, text: adtMessage({ ...o, controlId }, h.engine.clock.now()) };
  };
  const patientOf = (mrn: string) =>
    h.t.db.patient.findUniqueOrThrow({ where: { mrn }, include: { episodes: true } });

  let dischargeId = "";
  it("an A01 sent on another connection right after the A03's ACK applies after it", async () => {
    const mrn = "PAGE-1";
    const phones = "^PRN^CP^^1^312^5556101";
    const a03 = message({ event: "A03", mrn, phones, diagnoses: ["I50.9"] });
    const a01 = message({ event: "A01", mrn, phones, time: hl7Time(h.engine.clock.now(), 1) });
    expect(readAck(await one.send(a03.text)).code).toBe("AA");
    expect(readAck(await two.send(a01.text)).code).toBe("AA");
    await listener.drain();
    const p = await patientOf(mrn);
    expect(p.episodes).toHaveLength(1);
    expect(p.outreachPausedAt).not.toBeNull();
    const rows = await h.t.db.hospitalMessage.findMany({
      where: { controlId: { in: [a03.controlId, a01.controlId] } },
      orderBy: { receivedAt: "asc" },
    });
    expect(rows.map((r) => r.result)).toEqual(["ENROLLED", "RETURNED"]);
    dischargeId = rows[0]?.id ?? "";
  });

  it("a message stored but never acted on (crash after the ACK) is taken up by the sweep", async () => {
    const lost = message({ event: "A03", mrn: "PAGE-2", phones: "^PRN^CP^^1^312^5556102" });
    await h.t.db.hospitalMessage.create({
      data: {
        transport: "MLLP",
        sendingFacility: "RIVERSIDE",
        controlId: lost.controlId,
        messageType: "ADT^A03",
        raw: new Uint8Array(Buffer.from(lost.text)),
        ackCode: "AA",
      },
    });
    expect(await sweepAdtMessages(feedDeps(deps()), { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    await drainAdtFeed();
    expect(
      await h.t.db.hospitalMessage.findFirstOrThrow({ where: { controlId: lost.controlId } }),
    ).toMatchObject({ result: "ENROLLED", attempts: 1 });
    expect((await patientOf("PAGE-2")).episodes).toHaveLength(1);
  });

  it("the admin lists messages newest first, filters and pages them", async () => {
    const admin = await h.as(ADMIN);
    const all = await admin.hospitalFeed.list({ limit: 50 });
    const times = all.items.map((m) => m.receivedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.items[0]).not.toHaveProperty("raw");
    const enrolled = await admin.hospitalFeed.list({ limit: 50, result: "ENROLLED", type: "ADT^A03" });
    expect(enrolled.items.map((m) => m.id)).toContain(dischargeId);
    expect(enrolled.items.every((m) => m.result === "ENROLLED" && m.messageType === "ADT^A03")).toBe(true);
    const first = await admin.hospitalFeed.list({ limit: 1 });
    expect(first.nextCursor).toBe(first.items[0]?.id);
    const second = await admin.hospitalFeed.list({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items[0]?.id).toBe(all.items[1]?.id);
    const facets = await admin.hospitalFeed.facets();
    expect(facets.types.map((t) => t.type)).toEqual(expect.arrayContaining(["ADT^A01", "ADT^A03"]));
    expect(facets.total).toBe(all.items.length);
  });

  it("opening the raw message shows a segment a line and is audited", async () => {
    const admin = await h.as(ADMIN);
    const raw = await admin.hospitalFeed.raw({ id: dischargeId });
    expect(raw.segments[0]).toMatch(/^MSH\|\^~\\&\|/);
    expect(raw.segments.some((s) => s.startsWith("PID|"))).toBe(true);
    const { patientId } = await h.t.db.hospitalMessage.findUniqueOrThrow({ where: { id: dischargeId } });
    expect(await h.t.db.auditLog.count({ where: { action: "VIEW_HOSPITAL_MESSAGE", patientId } })).toBe(1);
    await expect(
      (await h.as("ana.nurse@sequora.test")).hospitalFeed.raw({ id: dischargeId }),
    ).rejects.toThrow(/role/);
  });

  it("replaying an applied A03 enrols nobody twice, and each attempt is recorded", async () => {
    const admin = await h.as(ADMIN);
    const first = await admin.hospitalFeed.replay({ id: dischargeId });
    const again = await admin.hospitalFeed.replay({ id: dischargeId });
    expect(first).toMatchObject({ result: "ENROLLED", alreadyApplied: true });
    expect(again).toMatchObject({ result: "ENROLLED", alreadyApplied: true });
    expect((await patientOf("PAGE-1")).episodes).toHaveLength(1);
    expect((await admin.hospitalFeed.raw({ id: dischargeId })).replays).toHaveLength(2);
  });

  it("replaying a message that failed on our side applies it", async () => {
    const failed = message({ event: "A03", mrn: "PAGE-3", phones: "^PRN^CP^^1^312^5556103" });
    const row = await h.t.db.hospitalMessage.create({
      data: {
        transport: "HTTPS",
        sendingFacility: "RIVERSIDE",
        controlId: failed.controlId,
        raw: new Uint8Array(Buffer.from(failed.text)),
        result: "FAILED",
        attempts: 5,
        ackCode: "AA",
      },
    });
    const replay = await (await h.as(ADMIN)).hospitalFeed.replay({ id: row.id });
    expect(replay).toMatchObject({ result: "ENROLLED", alreadyApplied: false });
    expect((await patientOf("PAGE-3")).episodes).toHaveLength(1);
  });

  it("the readmission shows in the board's outcome measures", async () => {
    const board = await (await h.as("sam.supervisor@sequora.test")).board.outcomes({ months: 1 });
    expect(board.overall.readmissions).toBeGreaterThanOrEqual(1);
    expect(board.byProtocol.find((p) => p.protocol === "HF")?.readmissions).toBeGreaterThanOrEqual(1);
    expect(board.daysToReadmission.buckets[0]?.count).toBeGreaterThanOrEqual(1);
  });
});
