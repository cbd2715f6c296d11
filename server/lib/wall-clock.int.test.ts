import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AppHarness, startAppHarness } from "../../test/app-harness.js";
import { waitForQuiet } from "../demo/quiet.js";
import { wallClockNow } from "./clock.js";
import { logger } from "./logger.js";

const DAY = 86_400_000;

describe("audit and log timestamps after a demo clock jump", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness();
  });
  afterAll(async () => h?.stop());

  it("logs, task events and view audits carry the wall clock; SLA due times stay on virtual time", async () => {
    const admin = await h.as("alex.admin@sequora.test");
    await admin.clock.advance({ ms: 3 * DAY });
    // The jump makes SLA steps due; once they ran, no assignment run can take the task claimed below.
    await waitForQuiet({ pool: h.engine.pool, engine: h.engine.state, now: () => h.engine.clock.now() });
    expect(Date.now() - wallClockNow().getTime()).toBeGreaterThan(3 * DAY - 60_000);

    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      logger.warn("wall clock probe", { id: "probe" });
    } finally {
      spy.mockRestore();
    }
    const logged = JSON.parse(lines.find((l) => l.includes("wall clock probe"))!) as { time: string };
    expect(Math.abs(Date.parse(logged.time) - wallClockNow().getTime())).toBeLessThan(5_000);

    const nurse = await h.as("ana.nurse@sequora.test");
    const { tasks } = await nurse.task.list({ scope: "unassigned", limit: 10 });
    const task = tasks[0]!;
    const patientId = (await h.t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } })).patientId;
    await nurse.task.claim({ id: task.id });
    await nurse.task.get({ id: task.id });
    const claimed = await h.t.db.taskEvent.findFirstOrThrow({ where: { taskId: task.id, kind: "CLAIMED" } });
    const viewed = await h.t.db.auditLog.findFirstOrThrow({
      where: { patientId, action: "VIEW_TASK" },
      orderBy: { createdAt: "desc" },
    });
    for (const at of [claimed.createdAt, viewed.createdAt]) {
      expect(Math.abs(at.getTime() - wallClockNow().getTime())).toBeLessThan(60_000);
    }
    // Domain time still follows the demo clock: the contact is dated in virtual time.
    await nurse.task.addNote({ id: task.id, text: "Called", contact: true });
    const updated = await h.t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(updated.firstContactAt!.getTime() - wallClockNow().getTime()).toBeGreaterThan(3 * DAY - 60_000);
  });
});
