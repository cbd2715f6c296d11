import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../test/app-harness.js";

const HOUR = 3_600_000;

describe("care journey on the embedded engine", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(10, "America/New_York");
  });
  afterAll(async () => h?.stop());

  const outbound = (patientId: string) =>
    h.t.db.message.findMany({
      where: { patientId, direction: "OUTBOUND", status: { notIn: ["PENDING", "SUPPRESSED"] } },
      orderBy: { createdAt: "asc" },
    });

  async function nextText(patientId: string, count: number, what: string) {
    const msgs = await eventually(what, async () => {
      const m = await outbound(patientId);
      return m.length >= count ? m : null;
    });
    return msgs[count - 1]!;
  }

  it("discharge -> 24 h -> check-in -> reply -> task -> assigned -> warning -> breach -> reassigned -> resolved -> patient message", async () => {
    const nurse = await h.as("ana.nurse@sequora.test");
    const { episodeId, patientId, runId } = await nurse.episode.create({
      firstName: "Test",
      lastName: "Patient",
      mrn: "T-0001",
      phone: "+12025550999",
      preferredLanguage: "EN",
      timeZone: "America/New_York",
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
      highRiskMedClasses: ["DIURETIC"],
    });
    expect(runId).toMatch(/^run_/);

    // Welcome / consent first; the patient says YES.
    const consent = await nextText(patientId, 1, "consent request");
    expect(consent.template).toBe("consent.request");
    await nurse.sim.reply({ patientId, body: "YES" });
    await eventually(
      "consent granted",
      async () =>
        (await h.t.db.patient.findUniqueOrThrow({ where: { id: patientId } })).consentStatus === "GRANTED",
    );
    const afterConsent = (await outbound(patientId)).length;

    // Nothing before the first slot; the first check-in is 24 h after discharge (out of quiet hours).
    const slot = await eventually("first check-in slot", () =>
      h.t.db.checkIn.findUnique({ where: { episodeId_slot: { episodeId, slot: 1 } } }),
    );
    const dischargedAt = (await h.t.db.episode.findUniqueOrThrow({ where: { id: episodeId } })).dischargedAt;
    expect(slot.scheduledAt.getTime()).toBeGreaterThanOrEqual(dischargedAt.getTime() + 24 * HOUR);
    expect((await outbound(patientId)).length).toBe(afterConsent);
    await h.advanceTo(slot.scheduledAt);

    const q1 = await nextText(patientId, afterConsent + 1, "first question");
    expect(q1.template).toBe("checkin.question");
    expect(q1.body).toMatch(/chest pain/i);
    await nurse.sim.reply({ patientId, body: "no" });
    const q2 = await nextText(patientId, afterConsent + 2, "weight question");
    expect(q2.body).toMatch(/weight/i);
    await nurse.sim.reply({ patientId, body: "185 lbs" });
    const q3 = await nextText(patientId, afterConsent + 3, "breathing question");
    expect(q3.body).toMatch(/breath/i);
    await nurse.sim.reply({ patientId, body: "3 - need extra pillows" });

    // URGENT: the task exists at once with a 2 h SLA, the patient is told a nurse will call.
    const task = await eventually("urgent task", () =>
      h.t.db.escalationTask.findFirst({ where: { patientId, primaryReason: "HF_BREATHING_WORSE" } }),
    );
    expect(task).toMatchObject({ severity: "URGENT", priority: "HIGH", status: "OPEN" });
    expect(task.slaDueAt.getTime() - task.createdAt.getTime()).toBe(2 * HOUR);
    const answer = await h.t.db.answer.findFirstOrThrow({ where: { episodeId, topic: "hf_breathing" } });
    expect(answer).toMatchObject({ severity: "URGENT", reasonCode: "HF_BREATHING_WORSE" });
    expect(answer.ruleId).toBeTruthy();
    await eventually("nurse-will-call text", async () =>
      (await outbound(patientId)).some((m) => m.template === "nurse.will_call"),
    );

    // Assigned to an on-call nurse.
    const assigned = await eventually("assignment", async () => {
      const t = await h.t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
      return t.assigneeId ? t : null;
    });
    const firstAssignee = assigned.assigneeId!;
    expect(
      await h.t.db.notification.count({
        where: { taskId: task.id, userId: firstAssignee, kind: "TASK_ASSIGNED" },
      }),
    ).toBeGreaterThan(0);
    // ...and paged on her phone (the local outbox in embedded mode).
    const paged = (userId: string) =>
      eventually("page sent", () =>
        h.t.db.notification.findFirst({
          where: { taskId: task.id, userId, kind: "TASK_ASSIGNED", channel: "SMS", status: "SENT" },
        }),
      );
    expect((await paged(firstAssignee)).providerId).toBeTruthy();

    // The check-in goes on: swelling, medications, follow-up, then thanks.
    await nextText(patientId, afterConsent + 5, "swelling question");
    await nurse.sim.reply({ patientId, body: "no" });
    await eventually("medication question", async () =>
      (await outbound(patientId)).at(-1)?.body.match(/medicine/i),
    );
    await nurse.sim.reply({ patientId, body: "1" });
    await eventually("follow-up question", async () =>
      (await outbound(patientId)).at(-1)?.body.match(/appointment/i),
    );
    await nurse.sim.reply({ patientId, body: "1" });
    await eventually(
      "check-in completed",
      async () => (await h.t.db.checkIn.findUniqueOrThrow({ where: { id: slot.id } })).status === "COMPLETED",
    );
    await eventually("thanks", async () =>
      (await outbound(patientId)).some((m) => m.template === "checkin.thanks"),
    );

    // Warning 1 h before due; breach at due: notified, and the unclaimed task moves to another nurse.
    await h.advanceTo(task.slaWarnAt);
    await eventually("SLA warning", () =>
      h.t.db.taskEvent.findFirst({ where: { taskId: task.id, kind: "SLA_WARNED" } }),
    );
    await h.advanceTo(task.slaDueAt);
    await eventually("SLA breach", () =>
      h.t.db.taskEvent.findFirst({ where: { taskId: task.id, kind: "SLA_BREACHED" } }),
    );
    const reassigned = await eventually("reassigned after breach", async () => {
      const t = await h.t.db.escalationTask.findUniqueOrThrow({ where: { id: task.id } });
      return t.assigneeId && t.assigneeId !== firstAssignee ? t : null;
    });
    await paged(reassigned.assigneeId!);
    const supervisor = await h.t.db.user.findFirstOrThrow({ where: { role: "SUPERVISOR" } });
    expect(
      await h.t.db.notification.count({
        where: { taskId: task.id, userId: supervisor.id, kind: "SLA_BREACHED" },
      }),
    ).toBe(1);

    // The new assignee claims, documents contact and resolves; the patient gets a closing text.
    const owner = await h.t.db.user.findUniqueOrThrow({ where: { id: reassigned.assigneeId! } });
    const ownerCaller = await h.as(owner.email);
    await ownerCaller.task.claim({ id: task.id });
    await ownerCaller.task.addNote({
      id: task.id,
      text: "Spoke with patient, advised on positioning",
      contact: true,
    });
    await ownerCaller.task.resolve({ id: task.id, disposition: "ADVICE_GIVEN" });
    await eventually("closing text", async () =>
      (await outbound(patientId)).some((m) => m.template === "task.followed_up"),
    );
    const events = await h.t.db.taskEvent.findMany({
      where: { taskId: task.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        "CREATED",
        "ASSIGNED",
        "SLA_WARNED",
        "SLA_BREACHED",
        "REASSIGNED",
        "CLAIMED",
        "NOTE",
        "CONTACT",
        "RESOLVED",
      ]),
    );
    // No patient was texted twice for the same thing.
    const keys = (await outbound(patientId)).map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("an emergency text between check-ins -> emergent task -> the assigned nurse is told in the app, paged and e-mailed", async () => {
    const nurse = await h.as("ana.nurse@sequora.test");
    const { patientId } = await nurse.episode.create({
      firstName: "Test",
      lastName: "Emergency",
      mrn: "T-0002",
      phone: "+12025550998",
      preferredLanguage: "EN",
      timeZone: "America/New_York",
      protocol: "HF",
      dischargedAt: h.engine.clock.now(),
      highRiskMedClasses: [],
    });
    await nextText(patientId, 1, "consent request");
    await nurse.sim.reply({ patientId, body: "YES" });
    await nurse.sim.reply({ patientId, body: "I have chest pain and can't breathe" });
    const task = await eventually("emergent task assigned", () =>
      h.t.db.escalationTask.findFirst({
        where: { patientId, severity: "EMERGENT", assigneeId: { not: null } },
      }),
    );
    const assignee = await h.t.db.user.findUniqueOrThrow({ where: { id: task.assigneeId! } });
    const notices = await eventually("in-app notice and page", async () => {
      const rows = await h.t.db.notification.findMany({
        where: { taskId: task.id, userId: assignee.id, kind: "TASK_ASSIGNED" },
      });
      return rows.length === 2 && rows.every((n) => n.status === "SENT") ? rows : null;
    });
    expect(notices.map((n) => n.channel).sort()).toEqual(["IN_APP", "SMS"]);
    const mail = await eventually("e-mail sent from the outbox", () =>
      h.t.db.emailMessage.findFirst({ where: { userId: assignee.id, status: "SENT" } }),
    );
    expect(mail).toMatchObject({ to: assignee.email, subject: "New emergent task assigned to you" });
    expect(mail.body).not.toMatch(/Emergency|chest/i);
  });
});
