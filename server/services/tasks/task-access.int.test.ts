import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { addTaskNote, claimTask, reassignTasks, resolveTask } from "./task-commands.js";

// Object-level rules: who may claim, document contact on, and receive which task.
describe("task access rules", () => {
  let t: TestDatabase;
  let ana: string;
  let grace: string;
  let sam: string;
  let alex: string;
  const nurse = (userId: string) => ({ kind: "USER" as const, userId, isSupervisor: false });
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    const id = async (email: string) =>
      (await t.db.user.findUniqueOrThrow({ where: { email: `${email}@sequora.test` } })).id;
    [ana, grace, sam, alex] = await Promise.all([
      id("ana.nurse"),
      id("grace.nurse"),
      id("sam.supervisor"),
      id("alex.admin"),
    ]);
  });
  afterAll(async () => t.drop());

  let n = 0;
  const makeTask = async (opts: { assigneeId?: string | null; breached?: boolean } = {}) => {
    const patient = await t.db.patient.findFirstOrThrow({ select: { id: true } });
    const at = new Date();
    return t.db.escalationTask.create({
      data: {
        patientId: patient.id,
        severity: "URGENT",
        priority: "HIGH",
        primaryReason: "HF_WEIGHT_GAIN",
        reasonCodes: ["HF_WEIGHT_GAIN"],
        openKey: `access-test:${n++}`,
        assigneeId: opts.assigneeId ?? null,
        slaWarnAt: at,
        slaDueAt: at,
        slaBreachedAt: opts.breached ? at : null,
      },
    });
  };

  it("refuses a nurse claiming a task routed to a colleague, with who holds it", async () => {
    const task = await makeTask({ assigneeId: grace });
    await expect(claimTask(t.db, { taskId: task.id, userId: ana })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^Assigned to Grace Kim; ask a supervisor/),
    });
    expect((await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBe(grace);
    await expect(claimTask(t.db, { taskId: task.id, userId: grace })).resolves.toEqual({ claimed: true });
  });

  it("lets any nurse take over a breached task nobody has contacted yet, recording from whom", async () => {
    const task = await makeTask({ assigneeId: grace, breached: true });
    await claimTask(t.db, { taskId: task.id, userId: ana });
    const after = await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toMatchObject({ assigneeId: ana, status: "IN_PROGRESS" });
    const events = await t.db.taskEvent.findMany({ where: { taskId: task.id, kind: "CLAIMED" } });
    expect(events.map((e) => e.data)).toEqual([{ from: grace }]);
    // Once someone is on it, a breach is no licence to take it: a supervisor reassigns.
    await expect(claimTask(t.db, { taskId: task.id, userId: grace })).rejects.toMatchObject({
      message: "Already claimed by Ana Brooks",
    });
  });

  it("lets a supervisor claim a colleague's open task but not one in progress", async () => {
    const open = await makeTask({ assigneeId: grace });
    await expect(claimTask(t.db, { taskId: open.id, userId: sam, isSupervisor: true })).resolves.toEqual({
      claimed: true,
    });
    const working = await makeTask({ assigneeId: grace });
    await claimTask(t.db, { taskId: working.id, userId: grace });
    await expect(
      claimTask(t.db, { taskId: working.id, userId: sam, isSupervisor: true }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "Already claimed by Grace Kim" });
  });

  it("only the assignee or a supervisor documents contact; plain notes are open to colleagues", async () => {
    const task = await makeTask({ assigneeId: grace });
    await claimTask(t.db, { taskId: task.id, userId: grace });
    const contact = (actor: ReturnType<typeof nurse>) =>
      addTaskNote(t.db, { taskId: task.id, text: "Reached the patient", contact: true, actor });
    await expect(contact(nurse(ana))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(
      (await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).firstContactAt,
    ).toBeNull();
    await addTaskNote(t.db, {
      taskId: task.id,
      text: "Daughter called back",
      contact: false,
      actor: nurse(ana),
    });
    await contact({ kind: "USER", userId: sam, isSupervisor: true });
    expect(
      (await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).firstContactAt,
    ).toBeInstanceOf(Date);
    const unclaimed = await makeTask();
    await expect(
      addTaskNote(t.db, { taskId: unclaimed.id, text: "x", contact: true, actor: nurse(ana) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Claim the task before documenting contact" });
  });

  it("takes no note or contact on a closed task, not even from its assignee", async () => {
    const task = await makeTask({ assigneeId: ana });
    await claimTask(t.db, { taskId: task.id, userId: ana });
    await resolveTask(t.db, { taskId: task.id, disposition: "ADVICE_GIVEN", actor: nurse(ana) });
    for (const contact of [true, false]) {
      await expect(
        addTaskNote(t.db, { taskId: task.id, text: "late", contact, actor: nurse(ana) }),
      ).rejects.toMatchObject({ code: "CONFLICT" });
    }
    const supervisor = { kind: "USER" as const, userId: sam, isSupervisor: true };
    await expect(
      addTaskNote(t.db, { taskId: task.id, text: "late", contact: true, actor: supervisor }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("reassigns only to active nurses or supervisors, never to an admin or inactive staff", async () => {
    const task = await makeTask({ assigneeId: ana });
    await expect(
      reassignTasks(t.db, { taskIds: [task.id], toUserId: alex, actor: nurse(ana) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await t.db.user.update({ where: { id: grace }, data: { active: false } });
    try {
      await expect(
        reassignTasks(t.db, { taskIds: [task.id], toUserId: grace, actor: nurse(ana) }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    } finally {
      await t.db.user.update({ where: { id: grace }, data: { active: true } });
    }
    const moved = await reassignTasks(t.db, { taskIds: [task.id], toUserId: grace, actor: nurse(ana) });
    expect(moved).toEqual([{ taskId: task.id, ok: true }]);
  });
});
