import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { getPatientTimeline } from "../timeline/patient-timeline.js";
import { getTask, listAssignees } from "./get-task.js";
import { deleteView, listSavedViews, saveView } from "./saved-views.js";
import { addTaskNote, claimTask } from "./task-commands.js";

describe("task detail, patient timeline and saved views", () => {
  let t: TestDatabase;
  let nurseId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
    nurseId = (await t.db.user.findUniqueOrThrow({ where: { email: "ana.nurse@sequora.test" } })).id;
  });
  afterAll(async () => t.drop());

  it("returns a task with its events and actor names, audits the view and leaves the SLA alone", async () => {
    const task = await t.db.escalationTask.findFirstOrThrow({ where: { primaryReason: "HF_WEIGHT_GAIN" } });
    await claimTask(t.db, { taskId: task.id, userId: nurseId });
    await addTaskNote(t.db, {
      taskId: task.id,
      text: "Left a voicemail",
      contact: false,
      actor: { kind: "USER", userId: nurseId, isSupervisor: false },
    });
    const before = await t.db.auditLog.count({ where: { patientId: task.patientId, action: "VIEW_TASK" } });
    const { task: detail } = await getTask(t.db, { taskId: task.id, viewerId: nurseId });
    expect(detail.events.map((e) => e.kind)).toEqual(["CREATED", "CLAIMED", "NOTE"]);
    expect(detail.events[2]).toMatchObject({ actorName: "Ana Brooks", data: { text: "Left a voicemail" } });
    expect(detail.patient.firstName).toBe("Maria");
    expect(detail.episodeDay).toBe(4);
    expect(await t.db.auditLog.count({ where: { patientId: task.patientId, action: "VIEW_TASK" } })).toBe(
      before + 1,
    );
    // A live screen re-reading the task within the window is the same look, not a new audit row.
    await getTask(t.db, { taskId: task.id, viewerId: nurseId });
    expect(await t.db.auditLog.count({ where: { patientId: task.patientId, action: "VIEW_TASK" } })).toBe(
      before + 1,
    );
    const after = await t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.firstContactAt).toBeNull();
    await expect(getTask(t.db, { taskId: "nope", viewerId: nurseId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("merges messages, judged answers, task events and views into one newest-first timeline", async () => {
    const patient = await t.db.patient.findFirstOrThrow({
      where: { firstName: "James" },
      include: { episodes: true },
    });
    const episodeId = patient.episodes[0]!.id;
    const t0 = Date.now() - 60_000;
    const msg = await t.db.message.create({
      data: {
        patientId: patient.id,
        episodeId,
        direction: "INBOUND",
        body: "190 lbs",
        status: "RECEIVED",
        idempotencyKey: `test:${patient.id}:1`,
        createdAt: new Date(t0),
      },
    });
    await t.db.answer.create({
      data: {
        episodeId,
        messageId: msg.id,
        topic: "hf_weight",
        rawReply: "190 lbs",
        parsedValue: { kind: "number", value: 190, unit: "lb" },
        ruleId: "hf.weight.gain",
        ruleVersion: 1,
        severity: "URGENT",
        reasonCode: "HF_WEIGHT_GAIN",
        explanation: "Gain over 2 lb since yesterday",
        createdAt: new Date(t0 + 1000),
      },
    });
    const { items, patient: p } = await getPatientTimeline(t.db, {
      patientId: patient.id,
      viewerId: nurseId,
      limit: 50,
    });
    expect(p.episodes).toHaveLength(1);
    expect(items.map((i) => i.kind)).toEqual(["VIEW", "ANSWER", "MESSAGE"]);
    expect(items[1]).toMatchObject({ ruleId: "hf.weight.gain", ruleVersion: 1, severity: "URGENT" });
    expect(items[2]).toMatchObject({ direction: "INBOUND", status: "RECEIVED" });
    expect(items[0]).toMatchObject({ action: "VIEW_PATIENT", userName: "Ana Brooks" });
    const times = items.map((i) => i.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("saves, replaces, lists and deletes views per user", async () => {
    await saveView(t.db, { userId: nurseId, name: "HF mine", filters: { scope: "mine", protocol: ["HF"] } });
    await saveView(t.db, {
      userId: nurseId,
      name: "HF mine",
      filters: { scope: "all", protocol: ["HF", "COPD"] },
    });
    const views = await listSavedViews(t.db, { userId: nurseId });
    expect(views).toHaveLength(1);
    expect(views[0]!.filters).toEqual({ scope: "all", protocol: ["HF", "COPD"] });
    const other = await t.db.user.findUniqueOrThrow({ where: { email: "grace.nurse@sequora.test" } });
    expect(await listSavedViews(t.db, { userId: other.id })).toHaveLength(0);
    await expect(deleteView(t.db, { userId: other.id, id: views[0]!.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteView(t.db, { userId: nurseId, id: views[0]!.id });
    expect(await listSavedViews(t.db, { userId: nurseId })).toHaveLength(0);
  });

  it("lists assignable staff with their open load", async () => {
    const staff = await listAssignees(t.db);
    expect(staff.map((s) => s.role)).not.toContain("ADMIN");
    const ana = staff.find((s) => s.id === nurseId)!;
    expect(ana.openTasks).toBe(
      await t.db.escalationTask.count({
        where: { assigneeId: nurseId, status: { in: ["OPEN", "IN_PROGRESS"] } },
      }),
    );
  });
});
