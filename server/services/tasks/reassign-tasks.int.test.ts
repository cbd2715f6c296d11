import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { createEmailTransport, loadEmailConfig } from "../../email/index.js";
import { createSmsService, loadSmsConfig } from "../../sms/index.js";
import { reassign } from "./reassign-tasks.js";

describe("manual reassignment tells the nurse the way automatic assignment does", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
  });
  afterAll(async () => t.drop());

  const deps = () => ({
    db: t.db,
    sms: createSmsService({ db: t.db, config: loadSmsConfig({}) }),
    email: createEmailTransport(loadEmailConfig({})),
  });

  const used: string[] = [];
  async function openTask(severity: "EMERGENT" | "URGENT", notAssignedTo: string) {
    const task = await t.db.escalationTask.findFirstOrThrow({
      where: {
        id: { notIn: used },
        status: "OPEN",
        OR: [{ assigneeId: null }, { assigneeId: { not: notAssignedTo } }],
      },
    });
    used.push(task.id);
    return t.db.escalationTask.update({ where: { id: task.id }, data: { severity } });
  }

  it("pages and e-mails the new assignee of an EMERGENT task, and sends both at once", async () => {
    const grace = await t.db.user.findUniqueOrThrow({ where: { email: "grace.nurse@sequora.test" } });
    const sam = await t.db.user.findUniqueOrThrow({ where: { email: "sam.supervisor@sequora.test" } });
    const task = await openTask("EMERGENT", grace.id);
    const results = await reassign(deps(), {
      taskIds: [task.id],
      toUserId: grace.id,
      actor: { kind: "USER", userId: sam.id, isSupervisor: true },
    });
    expect(results).toEqual([{ taskId: task.id, ok: true }]);
    const notices = await t.db.notification.findMany({
      where: { taskId: task.id, userId: grace.id, kind: "TASK_ASSIGNED" },
      orderBy: { channel: "asc" },
    });
    expect(notices.map((n) => [n.channel, n.status])).toEqual([
      ["IN_APP", "SENT"],
      ["SMS", "SENT"],
    ]);
    const email = await t.db.emailMessage.findFirstOrThrow({
      where: { userId: grace.id, idempotencyKey: { startsWith: `reassign:${task.id}:` } },
    });
    expect(email).toMatchObject({ to: "grace.nurse@sequora.test", status: "SENT" });
    expect(email.body).not.toMatch(/\+1\d{10}/);
  });

  it("pages without an e-mail below EMERGENT, and a repeated reassignment to the same nurse tells her nothing new", async () => {
    const luis = await t.db.user.findUniqueOrThrow({ where: { email: "luis.nurse@sequora.test" } });
    const sam = await t.db.user.findUniqueOrThrow({ where: { email: "sam.supervisor@sequora.test" } });
    const task = await openTask("URGENT", luis.id);
    const actor = { kind: "USER" as const, userId: sam.id, isSupervisor: true };
    await reassign(deps(), { taskIds: [task.id], toUserId: luis.id, actor });
    await reassign(deps(), { taskIds: [task.id], toUserId: luis.id, actor });
    const channels = await t.db.notification.findMany({
      where: { taskId: task.id, userId: luis.id, kind: "TASK_ASSIGNED" },
      select: { channel: true },
    });
    expect(channels.map((c) => c.channel).sort()).toEqual(["IN_APP", "SMS"]);
    expect(
      await t.db.emailMessage.count({ where: { idempotencyKey: { startsWith: `reassign:${task.id}:` } } }),
    ).toBe(0);
  });
});
