import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Bundle, OperationOutcome } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../../../test/app-harness.js";
import {
  type DischargeOptions,
  dischargeNotification,
  dischargeTransaction,
  newBundleId,
} from "../../../test/fake-ehr/fhir-bundles.js";
import { jobs } from "../../jobs/index.js";
import { fhirFeedRoute } from "./fhir-feed.js";

const TOKEN = "riverside-fhir-token-0123456789";

// FHIR discharges through the real HTTP route, the real database and the real engine.
describe("FHIR R4 discharges in", () => {
  let h: AppHarness;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
    const route = fhirFeedRoute({ db: h.t.db, jobs, hospitalName: "Test Hospital" }, `riverside:${TOKEN}`);
    server = http.createServer((req, res) => {
      void route?.(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/r4`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await h?.stop();
  });

  let n = 0;
  const mobile = () => [
    { system: "phone" as const, use: "mobile" as const, value: `+1312555${String(8000 + n++)}` },
  ];
  const post = async (body: unknown, path = "", headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/fhir+json", authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Bundle | OperationOutcome };
  };
  const discharge = (o: DischargeOptions) => dischargeTransaction(o, h.engine.clock.now());
  const patientOf = (mrn: string) =>
    h.t.db.patient.findUnique({ where: { mrn }, include: { episodes: true } });
  const stored = (controlId: string) =>
    h.t.db.hospitalMessage.findFirstOrThrow({ where: { controlId: `bundle:${controlId}` } });

  it("a transaction Bundle enrols the patient on the protocol of its Conditions and texts them", async () => {
    const bundle = discharge({
      mrn: "FHIR-100",
      telecom: mobile(),
      diagnoses: ["E11.9", "I50.9"],
      language: "es",
    });
    const res = await post(bundle);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: "Bundle", type: "transaction-response" });
    expect((res.body as Bundle).entry).toHaveLength(bundle.entry!.length);
    const p = await patientOf("FHIR-100");
    expect(p?.preferredLanguage).toBe("ES");
    expect(p?.episodes.map((e) => e.protocol)).toEqual(["HF"]);
    expect(await stored(bundle.id!)).toMatchObject({
      format: "FHIR",
      transport: "HTTPS",
      sendingFacility: "riverside",
      result: "ENROLLED",
      ackCode: "200",
      episodeId: p?.episodes[0]?.id,
    });
    await eventually(
      "consent text",
      async () => (await h.t.db.message.count({ where: { patientId: p!.id, direction: "OUTBOUND" } })) > 0,
    );
  });

  it("a subscription notification (R4 backport history Bundle) enrols the same way", async () => {
    const bundle = dischargeNotification(
      { mrn: "FHIR-101", telecom: mobile(), diagnoses: ["J44.1"] },
      h.engine.clock.now(),
    );
    const res = await post(bundle, "/notify");
    expect(res.status).toBe(200);
    expect((await patientOf("FHIR-101"))?.episodes.map((e) => e.protocol)).toEqual(["COPD"]);
    const hello = dischargeNotification({ mrn: "FHIR-101", type: "handshake" });
    expect((await post(hello, "/notify")).status).toBe(200);
    expect(await stored(hello.id!)).toMatchObject({ result: "IGNORED" });
  });

  it("a resent Bundle gets the same answer and makes no second enrolment", async () => {
    const bundle = discharge({ mrn: "FHIR-102", telecom: mobile() });
    const first = await post(bundle);
    const again = await post(bundle);
    expect(again).toEqual(first);
    expect((await patientOf("FHIR-102"))?.episodes).toHaveLength(1);
    expect(await h.t.db.hospitalMessage.count({ where: { controlId: `bundle:${bundle.id}` } })).toBe(1);
    // Another Bundle for the same discharge is a new message, but the episode is already open.
    const other = await post({ ...bundle, id: newBundleId() });
    expect(other.status).toBe(200);
    expect((await patientOf("FHIR-102"))?.episodes).toHaveLength(1);
  });

  it("a discharge to hospice is stored and answered, not enrolled", async () => {
    const bundle = discharge({ mrn: "FHIR-103", telecom: mobile(), disposition: "hosp" });
    expect((await post(bundle)).status).toBe(200);
    expect(await patientOf("FHIR-103")).toBeNull();
    expect(await stored(bundle.id!)).toMatchObject({
      result: "NOT_ENROLLED",
      reason: "Discharged to hospice (PV1-36)",
    });
  });

  it.each([
    ["not JSON", "{ this is not json", 400, /not UTF-8 JSON/],
    ["a wrong resourceType", { resourceType: "Patient", id: "p1" }, 400, /a Bundle is expected/],
    ["an Encounter without period.end", "NO_END", 422, /period\.end/],
    ["an invalid resource", "INVALID", 400, /Encounter/],
    ["a Bundle without an Encounter", "NO_ENCOUNTER", 422, /no Encounter/],
  ] as const)("%s is a 4xx OperationOutcome, stored with its reason", async (_, input, status, reason) => {
    const mrn = `FHIR-BAD-${n++}`;
    let body: unknown = input;
    if (input === "NO_END") body = discharge({ mrn, telecom: mobile(), end: null });
    if (input === "INVALID") {
      const b = discharge({ mrn, telecom: mobile() });
      (b.entry![1]!.resource as unknown as Record<string, unknown>).colour = "blue";
      body = b;
    }
    if (input === "NO_ENCOUNTER") {
      const b = discharge({ mrn, telecom: mobile() });
      b.entry = b.entry!.filter((e) => e.resource?.resourceType !== "Encounter");
      body = b;
    }
    const before = await h.t.db.hospitalMessage.count({ where: { format: "FHIR" } });
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe("OperationOutcome");
    expect((res.body as OperationOutcome).issue[0]?.details?.text).toMatch(reason);
    const row = await h.t.db.hospitalMessage.findFirstOrThrow({
      where: { format: "FHIR" },
      orderBy: { receivedAt: "desc" },
    });
    expect(await h.t.db.hospitalMessage.count({ where: { format: "FHIR" } })).toBe(before + 1);
    expect(row).toMatchObject({ result: "INVALID", ackCode: String(status) });
    expect(row.reason).toMatch(reason);
    expect(await patientOf(mrn)).toBeNull();
  });

  it("refuses an unknown token (401) and another content type (415) without storing", async () => {
    const before = await h.t.db.hospitalMessage.count();
    const bundle = discharge({ mrn: "FHIR-104", telecom: mobile() });
    expect((await post(bundle, "", { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post(bundle, "", { "content-type": "text/plain" })).status).toBe(415);
    expect(await h.t.db.hospitalMessage.count()).toBe(before);
  });

  describe("replay from the Hospital messages page", () => {
    const ADMIN = "alex.admin@sequora.test";

    it("replaying an enrolled Bundle enrols nobody twice; the raw view shows it indented", async () => {
      const bundle = discharge({ mrn: "FHIR-200", telecom: mobile() });
      expect((await post(bundle)).status).toBe(200);
      const row = await stored(bundle.id!);
      const admin = await h.as(ADMIN);
      expect(await admin.hospitalFeed.replay({ id: row.id })).toMatchObject({
        result: "ENROLLED",
        alreadyApplied: true,
      });
      expect((await patientOf("FHIR-200"))?.episodes).toHaveLength(1);
      const raw = await admin.hospitalFeed.raw({ id: row.id });
      expect(raw).toMatchObject({ format: "FHIR", encoding: "UTF-8" });
      expect(raw.segments[0]).toBe("{");
      expect(raw.segments).toContain('  "resourceType": "Bundle",');
      expect(raw.replays).toHaveLength(1);
      const listed = await admin.hospitalFeed.list({ limit: 50 });
      expect(listed.items.find((m) => m.id === row.id)).toMatchObject({ format: "FHIR", replays: 1 });
    });

    it("a Bundle that failed on our side (503) is applied by a replay, once; the resend then gets 200", async () => {
      const bundle = discharge({ mrn: "FHIR-201", telecom: mobile(), diagnoses: ["J18.9"] });
      // What a database outage mid-way leaves: stored, answered 503, not applied.
      const row = await h.t.db.hospitalMessage.create({
        data: {
          transport: "HTTPS",
          format: "FHIR",
          sendingApp: "FHIR",
          sendingFacility: "riverside",
          controlId: `bundle:${bundle.id}`,
          messageType: "FHIR transaction",
          raw: new Uint8Array(Buffer.from(JSON.stringify(bundle))),
          result: "FAILED",
          ackCode: "503",
          reason: "Temporary failure at Sequora: resend later",
          attempts: 1,
        },
      });
      const admin = await h.as(ADMIN);
      expect(await admin.hospitalFeed.replay({ id: row.id })).toMatchObject({
        result: "ENROLLED",
        alreadyApplied: false,
      });
      expect(await admin.hospitalFeed.replay({ id: row.id })).toMatchObject({ alreadyApplied: true });
      const p = await patientOf("FHIR-201");
      expect(p?.episodes.map((e) => e.protocol)).toEqual(["PNA"]);
      expect(await stored(bundle.id!)).toMatchObject({
        result: "ENROLLED",
        ackCode: "200",
        episodeId: p?.episodes[0]?.id,
      });
      const resend = await post(bundle);
      expect(resend.status).toBe(200);
      expect((await patientOf("FHIR-201"))?.episodes).toHaveLength(1);
    });

    it("replaying a refused Bundle refuses it again with the same reason", async () => {
      const bundle = discharge({ mrn: "FHIR-202", telecom: mobile(), end: null });
      expect((await post(bundle)).status).toBe(422);
      const row = await stored(bundle.id!);
      const replay = await (await h.as(ADMIN)).hospitalFeed.replay({ id: row.id });
      expect(replay).toMatchObject({ result: "INVALID", alreadyApplied: false });
      expect(replay.reason).toMatch(/period\.end/);
      expect(await stored(bundle.id!)).toMatchObject({ result: "INVALID", ackCode: "422" });
      expect(await patientOf("FHIR-202")).toBeNull();
    });
  });
});
