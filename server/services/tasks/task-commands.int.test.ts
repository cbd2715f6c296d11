import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import type { AppError } from "../../lib/errors.js";
import { addTaskNote, claimTask, reassignTasks, releaseTask, resolveTask } from "./task-commands.js";

describe("task commands", () => {
  let t: TestDatabase;
  let nurses: { id: string; name: string }[];
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    nurses = await t.db.user.findMany({ where: { role: "NURSE" }, orderBy: { email: "asc" } });
  });
  afterAll(async () => t.drop());

  // Unassigned, so that any nurse may claim it.
  const openTask = async () =>
    t.db.escalationTask.findFirstOrThrow({
      where: { status: "OPEN", assigneeId: null },
      orderBy: { slaDueAt: "asc" },
    });

  it("lets exactly one of two simultaneous claims win and tells the loser who won", async () => {
    const task = await openTask();
    const [a, b] = nurses;
    const results = await Promise.allSettled([
      claimTask(t.db, { taskId: task.id, userId: a!.id }),
      claimTask(t.db, { taskId: task.id, userId: b!.id }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const after = await t.db.escalationTask.findUniqueOrThrow({
      where: { id: task.id },
      include: { assignee: true },
    });
    expect(after.status).toBe("IN_PROGRESS");
    expect((lost[0]!.reason as AppError).code).toBe("CONFLICT");
    expect((lost[0]!.reason as AppError).message).toBe(`Already claimed by ${after.assignee!.name}`);
    expect(await t.db.taskEvent.count({ where: { taskId: task.id, kind: "CLAIMED" } })).toBe(1);
  });

  it("release needs the owner (or a supervisor), returns the task to the pool and records why", async () => {
    const task = await openTask();
    await claimTask(t.db, { taskId: task.id, userId: nurses[0]!.id });
    await expect(
      releaseTask(t.db, {
        taskId: task.id,
        reason: "end of shift",
        actor: { kind: "USER", userId: nurses[1]!.id, isSupervisor: false },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await releaseTask(t.db, {
      taskId: task.id,
      reason: "end of shift",
      actor: { kind: "USER", userId: nurses[0]!.id, isSupervisor: false },
    });
    const after = await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toMatchObject({ status: "OPEN", assigneeId: null, claimedAt: null });
    const event = await t.db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, kind: "RELEASED" } });
    expect(event.data).toMatchObject({ reason: "end of shift" });
  });

  it("bulk reassign reports per item, failing only the ones that cannot move", async () => {
    const open = await t.db.escalationTask.findMany({
      where: { status: "OPEN", OR: [{ assigneeId: null }, { assigneeId: { not: nurses[2]!.id } }] },
      take: 2,
    });
    const supervisor = await t.db.user.findFirstOrThrow({ where: { role: "SUPERVISOR" } });
    const results = await reassignTasks(t.db, {
      taskIds: [open[0]!.id, "missing-task", open[1]!.id],
      toUserId: nurses[2]!.id,
      actor: { kind: "USER", userId: supervisor.id, isSupervisor: true },
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: "Task not found" });
    const moved = await t.db.escalationTask.findMany({ where: { id: { in: [open[0]!.id, open[1]!.id] } } });
    expect(moved.every((m) => m.assigneeId === nurses[2]!.id)).toBe(true);
    expect(await t.db.notification.count({ where: { userId: nurses[2]!.id, kind: "TASK_ASSIGNED" } })).toBe(
      2,
    );
  });

  it("a contact note stops the SLA clock once; resolve requires an open task and clears the open key", async () => {
    const routed = await t.db.escalationTask.findFirstOrThrow({ where: { status: "OPEN" } });
    const task = await t.db.escalationTask.update({ where: { id: routed.id }, data: { assigneeId: null } });
    const actor = { kind: "USER" as const, userId: nurses[0]!.id, isSupervisor: false };
    await claimTask(t.db, { taskId: task.id, userId: nurses[0]!.id });
    await addTaskNote(t.db, { taskId: task.id, text: "Called, no answer", contact: false, actor });
    expect(
      (await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).firstContactAt,
    ).toBeNull();
    await addTaskNote(t.db, { taskId: task.id, text: "Spoke with patient", contact: true, actor });
    const contacted = await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(contacted.firstContactAt).toBeInstanceOf(Date);
    await resolveTask(t.db, { taskId: task.id, disposition: "ADVICE_GIVEN", actor });
    const resolved = await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(resolved).toMatchObject({ status: "RESOLVED", disposition: "ADVICE_GIVEN", openKey: null });
    await expect(
      resolveTask(t.db, { taskId: task.id, disposition: "FALSE_ALARM", actor }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
