import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { closingTextAfterResolve, resolve } from "./resolve-task.js";
import { release } from "./task-commands.js";

describe("resolve and release start their follow-up work", () => {
  let t: TestDatabase;
  let nurseId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const nurse = await t.db.user.create({
      data: { email: "rn@sequora.test", name: "Test Nurse", passwordHash: "x", role: "NURSE" },
    });
    nurseId = nurse.id;
  });
  afterAll(async () => t.drop());

  async function taskFor(patientId: string, reason: string) {
    const due = new Date(Date.now() + 3_600_000);
    return t.db.escalationTask.create({
      data: {
        patientId,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: reason,
        reasonCodes: [reason],
        slaWarnAt: due,
        slaDueAt: due,
        assigneeId: nurseId,
        monitorRunId: `run_${reason.toLowerCase()}`,
      },
    });
  }
  const actor = () => ({ kind: "USER" as const, userId: nurseId, isSupervisor: false });

  it("resolve closes the task, starts task.resolved and hands over the monitor to stop", async () => {
    const { patient } = await createPatient(t.db);
    const first = await taskFor(patient.id, "HF_WEIGHT_GAIN");
    const second = await taskFor(patient.id, "MED_STOPPED");
    const started: unknown[] = [];
    const jobs = { afterResolve: async (task: unknown) => void started.push(task) };
    expect(
      await resolve({ db: t.db, jobs }, { taskId: first.id, disposition: "ADVICE_GIVEN", actor: actor() }),
    ).toEqual({
      taskId: first.id,
      disposition: "ADVICE_GIVEN",
    });
    expect(started).toEqual([{ id: first.id, patientId: patient.id, monitorRunId: "run_hf_weight_gain" }]);
    // Another concern is still open: no closing text yet.
    expect(await closingTextAfterResolve(t.db, first.id)).toBeNull();
    await resolve(
      { db: t.db, jobs },
      { taskId: second.id, disposition: "MEDICATION_ISSUE_RESOLVED", actor: actor() },
    );
    expect(await closingTextAfterResolve(t.db, second.id)).toMatchObject({
      patientId: patient.id,
      template: "task.followed_up",
      purpose: "REPLY",
    });
  });

  it("sends no closing text after a false alarm, and none for an open task", async () => {
    const { patient } = await createPatient(t.db);
    const task = await taskFor(patient.id, "CHEST_PAIN");
    expect(await closingTextAfterResolve(t.db, task.id)).toBeNull();
    await resolve(
      { db: t.db, jobs: { afterResolve: async () => {} } },
      { taskId: task.id, disposition: "FALSE_ALARM", actor: actor() },
    );
    expect(await closingTextAfterResolve(t.db, task.id)).toBeNull();
    expect(await closingTextAfterResolve(t.db, "missing")).toBeNull();
  });

  it("release returns the task to the pool and starts assignment for its new version", async () => {
    const { patient } = await createPatient(t.db);
    const task = await taskFor(patient.id, "SOB_WORSE");
    const started: unknown[] = [];
    await release(
      { db: t.db, jobs: { reassignAfterRelease: async (x) => void started.push(x) } },
      { taskId: task.id, reason: "end of shift", actor: actor() },
    );
    expect(started).toEqual([{ id: task.id, patientId: patient.id, version: task.version + 1 }]);
    expect(await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: "OPEN",
      assigneeId: null,
    });
  });
});
