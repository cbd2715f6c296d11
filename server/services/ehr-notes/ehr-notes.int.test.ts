import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { dischargeTransaction } from "../../../test/fake-ehr/fhir-bundles.js";
import { type FakeFhirEhr, startFakeFhirEhr } from "../../../test/fake-ehr/fhir-server.js";
import { type FakeMllpPeer, startFakeMllpPeer } from "../../../test/fake-ehr/mllp-peer.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { closeEpisode } from "../episodes/close-episode.js";
import { resolveTask } from "../tasks/resolve-task.js";
import type { EhrConfig } from "./config.js";
import { attemptEhrNote, dispatchEhrNotes } from "./index.js";

const CLIENT_ID = "sequora-notes";

// Notes out through real sockets to the fake EHR (SMART token endpoint + FHIR REST, MLLP peer),
// with the real database: exactly once across faults, failure after the retries, the outbox.
describe("clinical notes to the EHR", () => {
  let t: TestDatabase;
  let fhir: FakeFhirEhr;
  let mllp: FakeMllpPeer;
  let fhirConfig: EhrConfig;
  let nurseId: string;
  const jobs = recordingJobs();

  beforeAll(async () => {
    t = await createTestDatabase();
    const { privateKey, publicKey } = await generateKeyPair("RS384", { extractable: true });
    const ec = await generateKeyPair("ES384", { extractable: true });
    const jwks = {
      keys: [
        { ...(await exportJWK(publicKey)), kid: "rsa-1", alg: "RS384" },
        { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES384" },
      ],
    };
    fhir = await startFakeFhirEhr({ clientId: CLIENT_ID, jwks });
    mllp = await startFakeMllpPeer();
    fhirConfig = {
      destination: {
        kind: "FHIR",
        baseUrl: fhir.baseUrl,
        tokenUrl: null,
        clientId: CLIENT_ID,
        keyId: "rsa-1",
        privateKey: await exportPKCS8(privateKey),
        scope: "system/DocumentReference.write",
      },
      noteIdSystem: "urn:sequora:ehr-note",
      timeoutMs: 400,
    };
    ecKey = JSON.stringify({ ...(await exportJWK(ec.privateKey)), kid: "ec-1" });
    const nurse = await t.db.user.create({
      data: { email: "rn@sequora.test", name: "Rita Nurse", passwordHash: "x", role: "NURSE" },
    });
    nurseId = nurse.id;
    await t.db.user.create({
      data: { email: "admin@sequora.test", name: "Ada Admin", passwordHash: "x", role: "ADMIN" },
    });
  });
  afterAll(async () => {
    await fhir?.stop();
    await mllp?.stop();
    await t?.drop();
  });
  let ecKey = "";

  /** A patient enrolled from a FHIR discharge, with a task a nurse resolves: its note is queued. */
  async function resolvedTaskNote(opts: { fromFhir?: boolean } = {}) {
    const { patient, episode } = await createPatient(t.db);
    if (opts.fromFhir !== false) {
      const bundle = dischargeTransaction({ mrn: patient.mrn });
      await t.db.hospitalMessage.create({
        data: {
          transport: "HTTPS",
          format: "FHIR",
          sendingFacility: "riverside",
          controlId: `bundle:${bundle.id}`,
          raw: Buffer.from(JSON.stringify(bundle)),
          result: "ENROLLED",
          episodeId: episode.id,
          patientId: patient.id,
        },
      });
    }
    const due = new Date(Date.now() + 3_600_000);
    const task = await t.db.escalationTask.create({
      data: {
        patientId: patient.id,
        episodeId: episode.id,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: "HF_WEIGHT_GAIN",
        reasonCodes: ["HF_WEIGHT_GAIN"],
        slaWarnAt: due,
        slaDueAt: due,
        assigneeId: nurseId,
      },
    });
    await resolveTask(t.db, {
      taskId: task.id,
      disposition: "ADVICE_GIVEN",
      note: "Weight up 3 lb; took extra diuretic dose per plan; will recheck tomorrow",
      actor: { kind: "USER", userId: nurseId, isSupervisor: false },
    });
    const note = await t.db.ehrNote.findUniqueOrThrow({ where: { sourceKey: `task:${task.id}` } });
    return { note, patient, episode, task };
  }
  const attempt = (noteId: string, config: EhrConfig, max?: number) =>
    attemptEhrNote({ db: t.db, jobs, config }, noteId, max);
  const docsFor = (noteId: string) =>
    [...fhir.documents.values()].filter((d) => d.identifier?.some((i) => i.value === noteId));

  it("a resolved task queues a note; the dispatcher starts one send; it is filed as a DocumentReference", async () => {
    const { note, patient } = await resolvedTaskNote();
    expect(note).toMatchObject({ kind: "TASK_RESOLVED", status: "QUEUED", runId: null });
    const started: string[] = [];
    const start = async (n: { id: string }) => {
      started.push(n.id);
      return `run_${n.id}`;
    };
    await dispatchEhrNotes({ db: t.db, start });
    await dispatchEhrNotes({ db: t.db, start });
    expect(started).toEqual([note.id]);

    expect(await attempt(note.id, fhirConfig)).toMatchObject({ status: "ACCEPTED" });
    const [doc] = docsFor(note.id);
    expect(doc).toMatchObject({
      type: { coding: [{ system: "http://loinc.org", code: "34746-8" }] },
      subject: { reference: `Patient/pat-${patient.mrn}` },
      context: { encounter: [{ reference: `Encounter/enc-${patient.mrn}` }] },
      content: [{ attachment: { contentType: "text/plain; charset=utf-8" } }],
    });
    const text = Buffer.from(doc?.content[0]?.attachment.data ?? "", "base64").toString("utf8");
    expect(text).toContain("took extra diuretic dose");
    expect(text).toContain("Advice given");
    expect(fhir.tokensIssued).toBeGreaterThan(0);
    expect(await t.db.ehrNote.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({
      status: "ACCEPTED",
      channel: "FHIR",
      ehrId: doc?.id,
      attempts: 1,
    });
    // Run again (a re-executed task): nothing is sent twice.
    const posts = fhir.posts;
    expect(await attempt(note.id, fhirConfig)).toMatchObject({ status: "ACCEPTED", ehrId: doc?.id });
    expect(fhir.posts).toBe(posts);
  });

  it("is filed exactly once across a 5xx, a timeout and a lost response", async () => {
    const { note } = await resolvedTaskNote();
    fhir.faults.push("500", "timeout", "lost");
    await expect(attempt(note.id, fhirConfig)).rejects.toThrow(/500/);
    await expect(attempt(note.id, fhirConfig)).rejects.toThrow(/in time/);
    await expect(attempt(note.id, fhirConfig)).rejects.toThrow(/failed/);
    expect(docsFor(note.id)).toHaveLength(1); // the lost response's create was applied
    expect((await t.db.ehrNote.findUniqueOrThrow({ where: { id: note.id } })).status).toBe("QUEUED");
    expect(await attempt(note.id, fhirConfig)).toMatchObject({ status: "ACCEPTED" });
    expect(docsFor(note.id)).toHaveLength(1);
    expect(await t.db.ehrNote.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({
      status: "ACCEPTED",
      attempts: 4,
      failReason: null,
    });
  });

  it("signs with an ES384 JWK as well, and a hand-typed patient is referenced by MRN", async () => {
    const { note, patient } = await resolvedTaskNote({ fromFhir: false });
    const es = {
      ...fhirConfig,
      destination: { ...fhirConfig.destination, keyId: "ec-1", privateKey: ecKey },
    };
    expect(await attempt(note.id, es as EhrConfig)).toMatchObject({ status: "ACCEPTED" });
    expect(docsFor(note.id)[0]?.subject).toEqual({ identifier: { value: patient.mrn } });
  });

  it("a refusal the EHR will repeat fails at once and opens a task for the admins", async () => {
    const { note, patient } = await resolvedTaskNote();
    fhir.faults.push("422");
    expect(await attempt(note.id, fhirConfig)).toEqual({ status: "FAILED" });
    const failed = await t.db.ehrNote.findUniqueOrThrow({ where: { id: note.id } });
    expect(failed).toMatchObject({ status: "FAILED", failReason: "EHR refused the note (422)" });
    const task = await t.db.escalationTask.findUniqueOrThrow({ where: { id: failed.adminTaskId ?? "" } });
    expect(task).toMatchObject({ patientId: patient.id, primaryReason: "EHR_NOTE_FAILED", status: "OPEN" });
    expect(await t.db.notification.count({ where: { taskId: task.id, kind: "EHR_NOTE_FAILED" } })).toBe(1);
  });

  const mdmConfig = (): EhrConfig => ({
    destination: { kind: "MLLP", host: "127.0.0.1", port: mllp.port },
    noteIdSystem: "urn:sequora:ehr-note",
    timeoutMs: 400,
  });

  it("MDM^T02 over MLLP: one document across a lost ACK and a timeout, control id = note id", async () => {
    const { note, patient } = await resolvedTaskNote();
    mllp.faults.push("lost", "timeout");
    await expect(attempt(note.id, mdmConfig())).rejects.toThrow(/closed the connection/);
    await expect(attempt(note.id, mdmConfig())).rejects.toThrow(/No ACK/);
    expect(await attempt(note.id, mdmConfig())).toMatchObject({ status: "ACCEPTED" });
    expect(mllp.received).toBe(3);
    const message = mllp.messages.get(note.id) ?? "";
    expect([...mllp.messages.keys()].filter((k) => k === note.id)).toHaveLength(1);
    expect(message).toContain("MDM^T02^MDM_T02");
    expect(message).toContain(`PID|1||${patient.mrn}^^^urn:oid:`);
    expect(message).toContain(`|V${patient.mrn}`);
    expect(message).toContain("took extra diuretic dose");
  });

  it("AE acks are retried, then the note is FAILED with the reason and an admin task", async () => {
    const { note } = await resolvedTaskNote();
    mllp.faults.push("AE", "AE", "AE");
    await expect(attempt(note.id, mdmConfig(), 3)).rejects.toThrow(/AE/);
    await expect(attempt(note.id, mdmConfig(), 3)).rejects.toThrow(/AE/);
    expect(await attempt(note.id, mdmConfig(), 3)).toEqual({ status: "FAILED" });
    const failed = await t.db.ehrNote.findUniqueOrThrow({ where: { id: note.id } });
    expect(failed).toMatchObject({
      status: "FAILED",
      attempts: 3,
      failReason: "EHR answered AE: Document type not set up",
    });
    expect(failed.adminTaskId).toBeTruthy();
    expect(await attempt(note.id, mdmConfig(), 3)).toEqual({ status: "FAILED", ehrId: null });
  });

  it("an episode's close queues its summary; with no EHR configured it goes to the local outbox", async () => {
    const { episode } = await createPatient(t.db);
    await closeEpisode(t.db, { episodeId: episode.id, reason: "DAY_30" });
    await closeEpisode(t.db, { episodeId: episode.id, reason: "DAY_30" });
    const notes = await t.db.ehrNote.findMany({ where: { episodeId: episode.id } });
    expect(notes).toMatchObject([{ kind: "EPISODE_CLOSED", status: "QUEUED" }]);
    const outbox: EhrConfig = { destination: { kind: "OUTBOX" }, noteIdSystem: "x", timeoutMs: 400 };
    expect(await attempt(notes[0]!.id, outbox)).toEqual({ status: "SENT" });
    const kept = await t.db.ehrNote.findUniqueOrThrow({ where: { id: notes[0]!.id } });
    expect(kept).toMatchObject({ status: "SENT", channel: "OUTBOX", attempts: 1 });
    expect(kept.text).toContain("episode summary");
    expect(kept.text).toContain("DAY_30");
    expect(await attempt(notes[0]!.id, outbox)).toEqual({ status: "SENT" });
    expect((await t.db.ehrNote.findUniqueOrThrow({ where: { id: notes[0]!.id } })).attempts).toBe(1);
  });
});
