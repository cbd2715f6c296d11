import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { type EscalationInput, raiseEscalation } from "./raise-escalation.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

function input(patientId: string, messageId: string, severity: EscalationInput["severity"]): EscalationInput {
  return {
    patientId,
    episodeId: null,
    severity,
    reasonCode: "HF_WEIGHT_GAIN",
    action: "Call within 2 h",
    evidence: { ruleId: "hf.weight.gain-1d", messageId },
  };
}

describe("raiseEscalation re-run for the same message (a step replayed after a crash)", () => {
  it("records a message on its task once and restarts only the keyed follow-ups of the first run", async () => {
    const jobs = recordingJobs();
    const { patient } = await createPatient(t.db);
    const first = await raiseEscalation({ db: t.db, jobs }, input(patient.id, "m1", "URGENT"));
    const again = await raiseEscalation({ db: t.db, jobs }, input(patient.id, "m1", "URGENT"));
    expect(first.created).toBe(true);
    // The replay reports "created" so assignment and the SLA monitor are made sure of (their job keys
    // start each at most once), and it adds no second event.
    expect(again).toMatchObject({ taskId: first.taskId, created: true, severityRaised: false });
    expect(jobs.started.filter((k) => k === `assign:${first.taskId}`)).toHaveLength(2);

    const raised = await raiseEscalation({ db: t.db, jobs }, input(patient.id, "m2", "EMERGENT"));
    const raisedAgain = await raiseEscalation({ db: t.db, jobs }, input(patient.id, "m2", "EMERGENT"));
    expect(raised).toMatchObject({ created: false, severityRaised: true });
    expect(raisedAgain).toMatchObject({ created: false, severityRaised: true });

    const merged = await raiseEscalation({ db: t.db, jobs }, input(patient.id, "m3", "URGENT"));
    expect(merged).toMatchObject({ created: false, severityRaised: false });

    const events = await t.db.taskEvent.findMany({
      where: { taskId: first.taskId },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.kind, (e.data as { messageId?: string }).messageId])).toEqual([
      ["CREATED", "m1"],
      ["SEVERITY_CHANGED", "m2"],
      ["MERGED", "m3"],
    ]);
  });
});
