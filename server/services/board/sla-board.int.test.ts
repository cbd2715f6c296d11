import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../prisma/seed.js";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { getSlaBoard, laneOf, nextUp } from "./sla-board.js";
import { getSlaCompliance } from "./sla-compliance.js";

const MIN = 60_000;

describe("SLA board", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db, { hospitalName: "Test Hospital" });
  });
  afterAll(async () => t.drop());

  it("splits open tasks into lanes by warn/due time, matching each task's own SLA", async () => {
    const board = await getSlaBoard(t.db, { limit: 100 });
    const open = await t.db.escalationTask.count({ where: { status: { in: ["OPEN", "IN_PROGRESS"] } } });
    expect(board.counts.ON_TRACK + board.counts.WARNING + board.counts.BREACHED).toBe(open);
    // Seed: the HF weight task is 150 min into a 120 min SLA, COPD 80 min in (warning after 60).
    expect(board.lanes.BREACHED.map((x) => x.primaryReason)).toContain("HF_WEIGHT_GAIN");
    expect(board.lanes.WARNING.map((x) => x.primaryReason)).toContain("COPD_YELLOW_ZONE");
    expect(board.lanes.ON_TRACK.map((x) => x.primaryReason)).toContain("AMI_CHEST_PAIN_BRIEF");
    for (const row of board.lanes.BREACHED) expect(row.slaDueAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(board.lanes.BREACHED[0]!.patient.displayName).toMatch(/^\w+ \w\.$/);
  });

  it("reports each nurse's load and oldest item, the roster now, and who is next", async () => {
    const board = await getSlaBoard(t.db, { limit: 100 });
    for (const person of board.load) {
      const open = await t.db.escalationTask.findMany({
        where: { assigneeId: person.id, status: { in: ["OPEN", "IN_PROGRESS"] } },
        orderBy: { createdAt: "asc" },
      });
      expect(person.open).toBe(open.length);
      expect(person.oldestCreatedAt?.getTime() ?? null).toBe(open[0]?.createdAt.getTime() ?? null);
    }
    expect(board.roster.now.map((s) => s.userName).sort()).toEqual([
      "Ana Brooks",
      "Grace Kim",
      "Luis Ortega",
    ]);
    const next = board.load.find((u) => u.id === board.roster.nextUp?.id)!;
    const minOpen = Math.min(...board.load.filter((u) => u.role === "NURSE").map((u) => u.open));
    expect(next.open).toBe(minOpen);
  });

  it("moves a task from on-track to warning to breached as time passes", () => {
    const created = new Date("2026-01-01T10:00:00Z");
    const task = {
      slaWarnAt: new Date(created.getTime() + 60 * MIN),
      slaDueAt: new Date(created.getTime() + 120 * MIN),
    };
    expect(laneOf(task, new Date(created.getTime() + 59 * MIN))).toBe("ON_TRACK");
    expect(laneOf(task, new Date(created.getTime() + 60 * MIN))).toBe("WARNING");
    expect(laneOf(task, new Date(created.getTime() + 120 * MIN))).toBe("BREACHED");
  });

  it("next up skips nurses off call or at capacity and breaks ties by longest wait", () => {
    const base = { role: "NURSE", capacity: 5, onCall: true };
    const pick = nextUp([
      { ...base, id: "a", name: "A", open: 1, lastAssignedAt: new Date(2000) },
      { ...base, id: "b", name: "B", open: 1, lastAssignedAt: new Date(1000) },
      { ...base, id: "c", name: "C", open: 0, onCall: false, lastAssignedAt: null },
      { ...base, id: "d", name: "D", open: 5, capacity: 5, lastAssignedAt: null },
    ]);
    expect(pick?.id).toBe("b");
    expect(
      nextUp([{ ...base, id: "x", name: "X", open: 0, onCall: false, lastAssignedAt: null }]),
    ).toBeNull();
  });

  it("computes percent within SLA by severity from first contact or resolution", async () => {
    const patient = await t.db.patient.findFirstOrThrow();
    const created = new Date(Date.now() - 3 * 60 * MIN);
    const mk = (reason: string, handledAfterMin: number | null, status: "RESOLVED" | "OPEN") =>
      t.db.escalationTask.create({
        data: {
          patientId: patient.id,
          severity: "EMERGENT",
          priority: "URGENT",
          primaryReason: reason,
          reasonCodes: [reason],
          status,
          createdAt: created,
          slaWarnAt: new Date(created.getTime() + 10 * MIN),
          slaDueAt: new Date(created.getTime() + 15 * MIN),
          ...(handledAfterMin === null
            ? {}
            : { firstContactAt: new Date(created.getTime() + handledAfterMin * MIN) }),
          ...(status === "RESOLVED" ? { resolvedAt: new Date(created.getTime() + 60 * MIN) } : {}),
        },
      });
    await mk("T_IN_TIME", 10, "RESOLVED");
    await mk("T_LATE", 30, "RESOLVED");
    await mk("T_NEVER", null, "OPEN");
    const result = await getSlaCompliance(t.db, { days: 7 });
    const emergent = result.bySeverity.find((s) => s.severity === "EMERGENT")!;
    expect(emergent).toMatchObject({ total: 3, within: 1 });
    expect(emergent.percent).toBeCloseTo(33.3, 1);
    expect(result.trend).toHaveLength(7);
    const bucket = result.trend.find((d) => d.day === created.toISOString().slice(0, 10));
    expect(bucket?.EMERGENT).toBeCloseTo(33.3, 1);
    expect(result.trend.reduce((n, d) => n + d.total, 0)).toBeGreaterThanOrEqual(3);
  });
});
