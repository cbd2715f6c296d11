import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, startEhrNoteSend } from "../../server/jobs/index.js";
import { dispatchEhrNotes } from "../../server/services/ehr-notes/index.js";
import { raiseEscalation } from "../../server/services/escalation/raise-escalation.js";
import { ingestFhirBundle } from "../../server/services/hospital-feed/fhir-ingest.js";
import { type AppHarness, eventually, startAppHarness } from "../../test/app-harness.js";
import { dischargeTransaction } from "../../test/fake-ehr/fhir-bundles.js";
import { type FakeFhirEhr, startFakeFhirEhr } from "../../test/fake-ehr/fhir-server.js";

const ENV = [
  "EHR_FHIR_BASE_URL",
  "EHR_FHIR_CLIENT_ID",
  "EHR_FHIR_KEY_ID",
  "EHR_FHIR_PRIVATE_KEY",
  "EHR_TIMEOUT_MS",
] as const;

// A FHIR discharge in, a nurse resolves the patient's task, and the note reaches the fake EHR
// through the real ehr.send-note task on the embedded engine, retried past a 5xx.
describe("ehr.send-note on the embedded engine", () => {
  let h: AppHarness;
  let fhir: FakeFhirEhr;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS384", { extractable: true });
    fhir = await startFakeFhirEhr({
      clientId: "sequora",
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS384" }] },
    });
    // The task reads its configuration from the environment, as in a Trigger.dev worker.
    Object.assign(process.env, {
      EHR_FHIR_BASE_URL: fhir.baseUrl,
      EHR_FHIR_CLIENT_ID: "sequora",
      EHR_FHIR_KEY_ID: "k1",
      EHR_FHIR_PRIVATE_KEY: await exportPKCS8(privateKey),
      EHR_TIMEOUT_MS: "2000",
    });
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
  });
  afterAll(async () => {
    for (const name of ENV) delete process.env[name];
    await h?.stop();
    await fhir?.stop();
  });

  it("files the resolved task's note once, with the intake's patient and encounter", async () => {
    const bundle = dischargeTransaction(
      { mrn: "EHR-1", telecom: [{ system: "phone", use: "mobile", value: "+13125559001" }] },
      h.engine.clock.now(),
    );
    const deps = { db: h.t.db, jobs, hospitalName: "Test Hospital" };
    expect((await ingestFhirBundle(deps, Buffer.from(JSON.stringify(bundle)), "riverside")).status).toBe(200);
    const patient = await h.t.db.patient.findUniqueOrThrow({
      where: { mrn: "EHR-1" },
      include: { episodes: true },
    });
    const { taskId } = await raiseEscalation(deps, {
      patientId: patient.id,
      episodeId: patient.episodes[0]?.id ?? null,
      severity: "URGENT",
      reasonCode: "HF_WEIGHT_GAIN",
      action: "Call the patient",
      evidence: {},
    });
    // The EHR's first answer is a 5xx, whichever dispatcher starts the send.
    fhir.faults.push("500");
    const supervisor = await h.as("sam.supervisor@sequora.test");
    await supervisor.task.resolve({
      id: taskId,
      disposition: "ADVICE_GIVEN",
      note: "Spoke with the patient",
    });

    // The every-minute ehr.notes-dispatch schedule may have started it already (a minute passed).
    await dispatchEhrNotes({ db: h.t.db, start: startEhrNoteSend });
    const queued = await h.t.db.ehrNote.findUnique({ where: { sourceKey: `task:${taskId}` } });
    expect(queued?.runId).toBeTruthy();
    const note = await eventually(
      "note accepted",
      async () => {
        const row = await h.t.db.ehrNote.findUnique({ where: { sourceKey: `task:${taskId}` } });
        if (row?.status !== "ACCEPTED") await h.advanceBy(60_000); // past the retry's backoff
        return row?.status === "ACCEPTED" ? row : null;
      },
      60_000,
    );
    expect(note.attempts).toBe(2);
    const docs = [...fhir.documents.values()].filter((d) => d.identifier?.[0]?.value === note.id);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.subject).toEqual({ reference: "Patient/pat-EHR-1" });
    const nurse = await h.as("ana.nurse@sequora.test");
    expect(await nurse.ehrNote.forTask({ taskId })).toMatchObject([
      { kind: "TASK_RESOLVED", status: "ACCEPTED", channel: "FHIR", ehrId: docs[0]?.id, attempts: 2 },
    ]);
  });

  it("an admin re-sends a failed note once the EHR is back: filed once, the failure's task resolved", async () => {
    const bundle = dischargeTransaction(
      { mrn: "EHR-2", telecom: [{ system: "phone", use: "mobile", value: "+13125559002" }] },
      h.engine.clock.now(),
    );
    const deps = { db: h.t.db, jobs, hospitalName: "Test Hospital" };
    expect((await ingestFhirBundle(deps, Buffer.from(JSON.stringify(bundle)), "riverside")).status).toBe(200);
    const patient = await h.t.db.patient.findUniqueOrThrow({
      where: { mrn: "EHR-2" },
      include: { episodes: true },
    });
    const { taskId } = await raiseEscalation(deps, {
      patientId: patient.id,
      episodeId: patient.episodes[0]?.id ?? null,
      severity: "URGENT",
      reasonCode: "HF_WEIGHT_GAIN",
      action: "Call the patient",
      evidence: {},
    });
    // The EHR refuses the note (a permanent 4xx): FAILED at once, with a task for the admins.
    // Armed before the resolution: the every-minute dispatch schedule may start the send first.
    fhir.faults.push("422");
    await (await h.as("sam.supervisor@sequora.test")).task.resolve({
      id: taskId,
      disposition: "FALSE_ALARM",
    });
    const noteRow = () => h.t.db.ehrNote.findUniqueOrThrow({ where: { sourceKey: `task:${taskId}` } });
    await dispatchEhrNotes({ db: h.t.db, start: startEhrNoteSend });
    const failed = await eventually("note failed", async () => {
      const row = await noteRow();
      return row.status === "FAILED" && row.adminTaskId ? row : null; // the task follows the status
    });
    expect(failed.failReason).toBe("EHR refused the note (422)");
    expect(failed.adminTaskId).not.toBeNull();
    const adminTask = () => h.t.db.escalationTask.findUniqueOrThrow({ where: { id: failed.adminTaskId! } });
    expect(await adminTask()).toMatchObject({ status: "OPEN", primaryReason: "EHR_NOTE_FAILED" });

    const admin = await h.as("alex.admin@sequora.test");
    const listed = await admin.ehrNote.list({ status: "FAILED", limit: 50 });
    expect(listed.items.map((n) => n.id)).toContain(failed.id);
    expect((await admin.ehrNote.counts()).FAILED).toBeGreaterThanOrEqual(1);
    await expect((await h.as("ana.nurse@sequora.test")).ehrNote.resend({ id: failed.id })).rejects.toThrow(
      /role/,
    );

    // The interface is fixed; the re-send's first answer is lost after the EHR filed it, and the
    // retry finds that copy (same identifier) instead of filing a second one.
    fhir.faults.push("lost");
    const before = [...fhir.documents.values()].filter((d) => d.identifier?.[0]?.value === failed.id);
    expect(before).toHaveLength(0);
    expect(await admin.ehrNote.resend({ id: failed.id })).toMatchObject({ resends: 1 });
    await expect(admin.ehrNote.resend({ id: failed.id })).rejects.toThrow(/failed note|re-sent already/);
    const accepted = await eventually(
      "note accepted after the re-send",
      async () => {
        const row = await noteRow();
        if (row.status !== "ACCEPTED") await h.advanceBy(30_000); // past the retry's backoff
        return row.status === "ACCEPTED" ? row : null;
      },
      60_000,
    );
    const docs = [...fhir.documents.values()].filter((d) => d.identifier?.[0]?.value === failed.id);
    expect(docs).toHaveLength(1);
    expect(accepted).toMatchObject({ ehrId: docs[0]?.id, attempts: 3, resends: 1, failReason: null });
    // The failure's task follows the note's status in a step of its own.
    const resolved = await eventually("failure task resolved", async () => {
      const task = await adminTask();
      return task.status === "RESOLVED" ? task : null;
    });
    expect(resolved).toMatchObject({ status: "RESOLVED", disposition: null });
    expect((await admin.ehrNote.list({ status: "ACCEPTED", limit: 50 })).items.map((n) => n.id)).toContain(
      failed.id,
    );
  });
});
