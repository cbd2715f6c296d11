import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { type RunningApp, startApp } from "../boot.js";
import { loadConfig } from "../config/index.js";
import { freePort } from "../db/embedded-postgres.js";
import { getSlaBoard } from "../services/board/sla-board.js";
import { DEMO_PATIENTS, demoMrn } from "./cast.js";
import { storedClockOffset } from "./engine-time.js";

// A first demo start, interrupted, then started again: the story completes (never half a demo),
// the demo hospital is lived in, and a later start replays nothing.
describe("the living demo", () => {
  let t: TestDatabase;
  let dataDir: string;
  let app: RunningApp | undefined;
  const start = async () =>
    startApp(
      loadConfig({
        NODE_ENV: "test",
        DATABASE_URL: t.url,
        PORT: String(await freePort()),
        DATA_DIR: dataDir,
        DEMO_MODE: "on",
      }),
    );
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "sequora-demo-"));
  });
  afterAll(async () => {
    await app?.stop();
    await t?.drop();
  });

  it("an interrupted first start leaves working accounts and is completed by the next start", async () => {
    app = await start();
    expect(app.seeded).toBe(true);
    expect(app.demoSignIns).toBe(true);
    expect(app.demoHistory).toBeDefined();
    // The accounts work before any history exists.
    expect(await t.db.user.count({ where: { role: "NURSE", shifts: { some: {} } } })).toBe(3);
    for (let i = 0; (await t.db.patient.count()) < 3 && i < 600; i++) await sleep(200);
    await app.stop();
    app = undefined;
    expect(await storedClockOffset(t.db)).toBeLessThan(0);

    app = await start();
    expect(app.seeded).toBe(false);
    expect(app.demoHistory).toBeDefined();
    await app.demoHistory;
    expect(await storedClockOffset(t.db)).toBe(0);
    expect(await t.db.patient.count()).toBe(DEMO_PATIENTS.length);
    expect(await t.db.episode.count()).toBe(DEMO_PATIENTS.length);
  }, 600_000);

  it("gives every patient a timeline of texts, judged answers and workflow runs", async () => {
    const patients = await t.db.patient.findMany({ select: { id: true, mrn: true } });
    for (const p of patients) {
      const persona = DEMO_PATIENTS.find((_, i) => demoMrn(i) === p.mrn)!.persona;
      const out = await t.db.message.count({ where: { patientId: p.id, direction: "OUTBOUND" } });
      const inbound = await t.db.message.count({ where: { patientId: p.id, direction: "INBOUND" } });
      expect(out, p.mrn).toBeGreaterThan(0);
      if (persona !== "SILENT") expect(inbound, p.mrn).toBeGreaterThan(0);
      const runs = await t.db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM trigger_engine.runs WHERE ${`patient:${p.id}`} = ANY(tags)`;
      expect(runs[0]!.n, p.mrn).toBeGreaterThan(0);
    }
    const answers = await t.db.answer.findMany({ select: { ruleId: true, ruleVersion: true } });
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.every((a) => a.ruleId && (a.ruleVersion ?? 0) > 0)).toBe(true);
    expect(await t.db.checkIn.count({ where: { status: "COMPLETED" } })).toBeGreaterThan(10);
  });

  it("leaves open tasks in every lane, each assigned as the rules say, and resolved ones behind", async () => {
    const board = await getSlaBoard(t.db, { limit: 100 });
    expect(board.counts.BREACHED).toBeGreaterThan(0);
    expect(board.counts.WARNING).toBeGreaterThan(0);
    expect(board.counts.ON_TRACK).toBeGreaterThan(0);
    expect(await t.db.escalationTask.count({ where: { status: "RESOLVED" } })).toBeGreaterThan(0);
    const open = await t.db.escalationTask.findMany({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
      select: {
        slaDueAt: true,
        monitorRunId: true,
        patient: { select: { preferredLanguage: true } },
        assignee: {
          select: { role: true, languages: true, shifts: { select: { startsAt: true, endsAt: true } } },
        },
      },
    });
    const at = new Date();
    for (const task of open) {
      // Three nurses are on call: nothing is left unassigned, breached or not.
      expect(task.assignee?.role).toBe("NURSE");
      expect(task.assignee?.shifts.some((s) => s.startsAt <= at && s.endsAt > at)).toBe(true);
      expect(task.assignee?.languages).toContain(task.patient.preferredLanguage);
      expect(task.monitorRunId).not.toBeNull();
    }
    // A breach moves the task off the nurse who let it lapse.
    const breached = await t.db.taskEvent.count({
      where: { kind: "REASSIGNED", task: { slaBreachedAt: { not: null } } },
    });
    expect(breached).toBeGreaterThan(0);
  });

  it("a second start replays nothing", async () => {
    // Replies come only from the story's scripted patients: none means nothing was replayed.
    const inbound = { where: { direction: "INBOUND" as const } };
    const before = { messages: await t.db.message.count(inbound), tasks: await t.db.escalationTask.count() };
    await app!.stop();
    app = await start();
    expect(app.seeded).toBe(false);
    expect(app.demoSignIns).toBe(true);
    expect(app.demoHistory).toBeUndefined();
    await sleep(1_000);
    expect(await t.db.patient.count()).toBe(DEMO_PATIENTS.length);
    expect(await t.db.message.count(inbound)).toBe(before.messages);
    expect(await t.db.escalationTask.count()).toBe(before.tasks);
    expect(await storedClockOffset(t.db)).toBe(0);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
