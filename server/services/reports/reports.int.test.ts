import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { createPatient } from "../../sms/test-fixtures.js";
import { closeEpisodeEarly } from "../episodes/close-episode.js";
import { recordDailyDigest } from "./digest.js";
import { repairIntegrity } from "./maintenance.js";

const DAY = 86_400_000;

describe("scheduled reports and repairs", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.user.create({
      data: { email: "sup@sequora.test", name: "Sup", passwordHash: "x", role: "SUPERVISOR" },
    });
  });
  afterAll(async () => t.drop());

  it("records the daily digest once per day, in the app and by e-mail, with counts only", async () => {
    const at = new Date("2026-03-02T12:00:00Z");
    const digest = await recordDailyDigest(t.db, at);
    expect(digest.day).toBe("2026-03-01");
    await recordDailyDigest(t.db, at);
    const notices = await t.db.notification.findMany({ where: { kind: "DAILY_DIGEST" } });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toMatch(
      /^Digest 2026-03-01: within SLA emergent –%, urgent –%, routine –%; 0 tasks/,
    );
    expect(
      await t.db.emailMessage.count({ where: { idempotencyKey: { startsWith: "digest:2026-03-01:" } } }),
    ).toBe(1);
  });

  it("closes overdue episodes and restarts lost monitors", async () => {
    const { patient, episode } = await createPatient(t.db);
    await t.db.episode.update({
      where: { id: episode.id },
      data: { closesAt: new Date(Date.now() - 2 * DAY) },
    });
    const due = new Date(Date.now() + DAY);
    const task = await t.db.escalationTask.create({
      data: {
        patientId: patient.id,
        severity: "ROUTINE",
        priority: "NORMAL",
        primaryReason: "UNABLE_TO_REACH",
        reasonCodes: ["UNABLE_TO_REACH"],
        slaWarnAt: due,
        slaDueAt: due,
      },
    });
    const monitored: string[] = [];
    const jobs = {
      monitorSla: async (x: { id: string }) => {
        monitored.push(x.id);
        return "run_sla";
      },
    };
    const report = await repairIntegrity({ db: t.db, jobs }, new Date());
    expect(report).toMatchObject({ overdueEpisodesClosed: 1, orphanCheckIns: 0 });
    expect(monitored).toContain(task.id);
    expect(await t.db.episode.findUniqueOrThrow({ where: { id: episode.id } })).toMatchObject({
      status: "CLOSED",
      closeReason: "DAY_30_INTEGRITY",
    });
  });

  it("closing an episode early cancels its runs, and a second close is refused", async () => {
    const { episode } = await createPatient(t.db);
    await t.db.episode.update({ where: { id: episode.id }, data: { enrollRunId: "run_enroll" } });
    await t.db.checkIn.create({
      data: { episodeId: episode.id, slot: 1, scheduledAt: new Date(), runId: "run_ci" },
    });
    const canceled: string[] = [];
    const jobs = { cancel: async (runId: string) => void canceled.push(runId) };
    const opts = { episodeId: episode.id, reason: "Readmitted" };
    expect(await closeEpisodeEarly({ db: t.db, jobs }, opts)).toEqual({ closed: true });
    expect(canceled.sort()).toEqual(["run_ci", "run_enroll"]);
    await expect(closeEpisodeEarly({ db: t.db, jobs }, opts)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
