import { Hl7Message } from "@medplum/core";
import { Hl7Client } from "@medplum/hl7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../../../test/app-harness.js";
import { type AdtOptions, adtMessage, hl7Time, newControlId } from "../../../test/fake-ehr/adt-messages.js";
import { connectMllp, type MllpSender, readAck } from "../../../test/fake-ehr/mllp-sender.js";
import { jobs } from "../../jobs/index.js";
import { type MllpFeed, startMllpFeed } from "./mllp-feed.js";

// Through the real listener socket, the real database and the real engine (enrolment starts a run).
describe("hospital ADT feed over MLLP", () => {
  let h: AppHarness;
  let listener: MllpFeed;
  let ehr: MllpSender;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
    listener = await startMllpFeed(
      { db: h.t.db, jobs, hospitalName: "Test Hospital" },
      { host: "127.0.0.1", port: 0 },
    );
    ehr = await connectMllp(listener.port);
  });
  afterAll(async () => {
    await ehr?.close();
    await listener?.stop();
    await h?.stop();
  });

  let n = 0;
  const phone = () => `^PRN^CP^^1^312^55507${String(n++).padStart(2, "0")}`;
  const send = async (o: Omit<AdtOptions, "controlId"> & { controlId?: string }) => {
    const controlId = o.controlId ?? newControlId();
    const ack = readAck(await ehr.send(adtMessage({ ...o, controlId }, h.engine.clock.now())));
    // AA means stored (accept acknowledgment); the tests look at what acting on it did.
    await listener.drain();
    return { ...ack, sentId: controlId };
  };
  const stored = (controlId: string) => h.t.db.hospitalMessage.findFirstOrThrow({ where: { controlId } });
  const patientOf = (mrn: string) =>
    h.t.db.patient.findUniqueOrThrow({ where: { mrn }, include: { episodes: true } });

  it("A03 enrols the patient on the protocol of the most acute diagnosis and texts them", async () => {
    const ack = await send({
      event: "A03",
      mrn: "HL7-100",
      phones: phone(),
      diagnoses: ["E11.9", "I50.9"],
      language: "es^Spanish^ISO6391",
    });
    expect(ack).toMatchObject({ code: "AA", controlId: ack.sentId });
    const p = await patientOf("HL7-100");
    expect(p.preferredLanguage).toBe("ES");
    expect(p.episodes).toHaveLength(1);
    expect(p.episodes[0]?.protocol).toBe("HF");
    expect(await stored(ack.sentId)).toMatchObject({
      result: "ENROLLED",
      ackCode: "AA",
      episodeId: p.episodes[0]?.id,
    });
    await eventually(
      "consent text",
      async () => (await h.t.db.message.count({ where: { patientId: p.id, direction: "OUTBOUND" } })) > 0,
    );
  });

  it("a resent control id gets the same ACK and makes one episode", async () => {
    const controlId = newControlId();
    const first = await send({ event: "A03", mrn: "HL7-101", phones: phone(), controlId });
    const again = await send({ event: "A03", mrn: "HL7-101", phones: phone(), controlId });
    expect(again).toEqual(first);
    expect((await patientOf("HL7-101")).episodes).toHaveLength(1);
    expect(await h.t.db.hospitalMessage.count({ where: { controlId } })).toBe(1);
  });

  it("A08 updates demographics", async () => {
    await send({ event: "A03", mrn: "HL7-102", phones: phone() });
    const ack = await send({ event: "A08", mrn: "HL7-102", phones: phone(), language: "SPA" });
    expect(ack.code).toBe("AA");
    expect((await patientOf("HL7-102")).preferredLanguage).toBe("ES");
    expect((await stored(ack.sentId)).result).toBe("UPDATED");
  });

  it.each(["A11", "A13"] as const)("%s cancels the enrolment and its pending check-ins", async (event) => {
    const mrn = `HL7-C${event}`;
    await send({ event: "A03", mrn, phones: phone() });
    const ack = await send({ event, mrn, phones: phone() });
    expect(ack.code).toBe("AA");
    const p = await patientOf(mrn);
    expect(p.episodes[0]).toMatchObject({ status: "CLOSED" });
    expect((await stored(ack.sentId)).result).toBe("CANCELED");
  });

  it("A01 during an episode pauses outreach, records the readmission, opens a task; the next A03 starts a new episode", async () => {
    const mrn = "HL7-103";
    const number = phone();
    await send({ event: "A03", mrn, phones: number, diagnoses: ["J44.1"] });
    const admit = await send({ event: "A01", mrn, phones: number, time: hl7Time(h.engine.clock.now(), 1) });
    expect(admit.code).toBe("AA");
    const p = await patientOf(mrn);
    expect(p.outreachPausedAt).not.toBeNull();
    const [index] = p.episodes;
    expect(await h.t.db.hospitalReturn.count({ where: { episodeId: index?.id, kind: "READMISSION" } })).toBe(
      1,
    );
    expect(
      await h.t.db.escalationTask.count({ where: { patientId: p.id, primaryReason: "READMITTED" } }),
    ).toBe(1);
    const pausedAt = p.outreachPausedAt as Date;
    await h.advanceBy(36 * 3_600_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const sentAfter = await h.t.db.message.count({
      where: {
        patientId: p.id,
        direction: "OUTBOUND",
        createdAt: { gt: pausedAt },
        status: { notIn: ["SUPPRESSED", "CANCELED"] },
      },
    });
    expect(sentAfter).toBe(0);

    const back = await send({ event: "A03", mrn, phones: number, diagnoses: ["J44.1"] });
    expect(back.code).toBe("AA");
    const after = await patientOf(mrn);
    expect(after.outreachPausedAt).toBeNull();
    expect(after.episodes.map((e) => e.status).sort()).toEqual(["ACTIVE", "CLOSED"]);
  });

  it("A04 ED registration during an episode is an ED return", async () => {
    await send({ event: "A03", mrn: "HL7-104", phones: phone() });
    const ack = await send({ event: "A04", mrn: "HL7-104", phones: phone(), patientClass: "E" });
    expect(ack.code).toBe("AA");
    expect(
      await h.t.db.hospitalReturn.count({ where: { kind: "ED_RETURN", patient: { mrn: "HL7-104" } } }),
    ).toBe(1);
  });

  it.each([
    ["51", "hospice"],
    ["20", "expired"],
    ["02", "another hospital"],
    ["03", "nursing"],
  ])("disposition %s is not enrolled (%s)", async (disposition, words) => {
    const mrn = `HL7-D${disposition}`;
    const ack = await send({ event: "A03", mrn, phones: phone(), disposition });
    expect(ack.code).toBe("AA");
    const row = await stored(ack.sentId);
    expect(row.result).toBe("NOT_ENROLLED");
    expect(row.reason?.toLowerCase()).toContain(words);
    expect(await h.t.db.episode.count({ where: { patient: { mrn } } })).toBe(0);
  });

  it("no mobile number: not enrolled, phone-outreach task on the landline", async () => {
    const ack = await send({ event: "A03", mrn: "HL7-105", phones: "^PRN^PH^^1^312^5550999" });
    expect((await stored(ack.sentId)).result).toBe("NOT_ENROLLED");
    const p = await patientOf("HL7-105");
    expect(p).toMatchObject({ phone: "+13125550999", phoneStatus: "LANDLINE" });
    expect(
      await h.t.db.escalationTask.count({ where: { patientId: p.id, primaryReason: "PHONE_OUTREACH" } }),
    ).toBe(1);
  });

  it("a minor is enrolled on the caregiver's number (NK1), and refused without one", async () => {
    const dob = hl7Time(h.engine.clock.now(), 10 * 365 * 24 * 60).slice(0, 8);
    const none = await send({ event: "A03", mrn: "HL7-106", phones: phone(), birthDate: dob });
    expect((await stored(none.sentId)).reason).toContain("Minor");
    await send({
      event: "A03",
      mrn: "HL7-107",
      birthDate: dob,
      phones: "",
      nk1Phone: "^PRN^CP^^1^312^5550888",
    });
    expect(await patientOf("HL7-107")).toMatchObject({ phone: "+13125550888" });
  });

  it("a third-party MLLP client (@medplum/hl7) gets its ACK", async () => {
    const client = new Hl7Client({ host: "127.0.0.1", port: listener.port });
    const text = adtMessage({ event: "A02", mrn: "HL7-108" }, h.engine.clock.now());
    const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 10_000 });
    await client.close();
    expect(ack.getSegment("MSA")?.getField(1).toString()).toBe("AA");
  });
});
