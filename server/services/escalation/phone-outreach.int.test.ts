import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { recordingJobs } from "../../../test/recording-jobs.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { raisePhoneOutreach } from "./phone-outreach.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe("raisePhoneOutreach", () => {
  it("opens one ROUTINE phone task on the active episode; the send path and a delivery report merge into it", async () => {
    const jobs = recordingJobs();
    const { patient, episode } = await createPatient(t.db);
    const fromReport = await raisePhoneOutreach(
      { db: t.db, jobs },
      { patientId: patient.id, messageId: "m1", phoneStatus: "LANDLINE", errorCode: 30006 },
    );
    expect(fromReport.created).toBe(true);
    const task = await t.db.escalationTask.findUniqueOrThrow({ where: { id: fromReport.taskId } });
    expect(task).toMatchObject({
      episodeId: episode.id,
      severity: "ROUTINE",
      primaryReason: "PHONE_OUTREACH",
    });
    expect(task.suggestedAction).toMatch(/landline/);
    expect(jobs.started).toContain(`assign:${task.id}`);

    const fromSend = await raisePhoneOutreach(
      { db: t.db, jobs },
      { patientId: patient.id, episodeId: null, messageId: "m2", phoneStatus: "LANDLINE", errorCode: 30006 },
    );
    expect(fromSend).toMatchObject({ taskId: task.id, created: false });
  });
});
