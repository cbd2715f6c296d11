import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { rankOnCallNurses } from "./pick-assignee.js";

// The on-call ranking against the database: who is on call, their open load, and when each last
// received a task (the newest assignment of any status, read per nurse through an index).
describe("rankOnCallNurses", () => {
  let t: TestDatabase;
  const at = new Date("2026-12-06T15:00:00Z");
  const minutesAgo = (m: number) => new Date(at.getTime() - m * 60_000);
  const ids: Record<string, string> = {};
  let patientId = "";

  async function nurse(name: string, languages: ("EN" | "ES")[], onCall = true) {
    const user = await t.db.user.create({
      data: {
        email: `${name.toLowerCase()}@rank.test`,
        name,
        passwordHash: "x",
        role: "NURSE",
        languages,
        capacity: 5,
        ...(onCall ? { shifts: { create: { startsAt: minutesAgo(600), endsAt: minutesAgo(-600) } } } : {}),
      },
    });
    ids[name] = user.id;
  }

  async function task(assignee: string, assignedMinutesAgo: number, status: "OPEN" | "RESOLVED") {
    await t.db.escalationTask.create({
      data: {
        patientId,
        severity: "ROUTINE",
        priority: "NORMAL",
        primaryReason: "TEST",
        slaWarnAt: at,
        slaDueAt: at,
        status,
        assigneeId: ids[assignee],
        assignedAt: minutesAgo(assignedMinutesAgo),
      },
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    patientId = (
      await t.db.patient.create({
        data: { mrn: "RANK-1", firstName: "Rank", lastName: "Test", phone: "+13035550199" },
      })
    ).id;
    await nurse("Ann", ["EN"]);
    await nurse("Bea", ["EN"]);
    await nurse("Cid", ["EN"]);
    await nurse("Dia", ["EN", "ES"]);
    await nurse("Eve", ["EN"], false);
    // Ann: newest assignment 10 min ago (a resolved task still counts), older ones before it.
    await task("Ann", 300, "RESOLVED");
    await task("Ann", 10, "RESOLVED");
    await task("Ann", 200, "OPEN");
    // Bea: 120 min ago, two open. Cid: never assigned. Dia: 60 min ago. Eve is off call.
    await task("Bea", 120, "OPEN");
    await task("Bea", 150, "OPEN");
    await task("Dia", 60, "RESOLVED");
    await task("Eve", 1, "OPEN");
  });
  afterAll(async () => t.drop());

  it("orders on-call nurses by language, then least recently assigned, and reads each one's newest assignment and open load", async () => {
    const ranked = await rankOnCallNurses(t.db, { at, language: "EN" });
    expect(ranked.map((c) => c.name)).toEqual(["Cid", "Bea", "Dia", "Ann"]);
    const byName = new Map(ranked.map((c) => [c.name, c]));
    expect(byName.get("Cid")).toMatchObject({ lastAssignedAt: null, openLoad: 0 });
    expect(byName.get("Bea")).toMatchObject({ lastAssignedAt: minutesAgo(120), openLoad: 2 });
    expect(byName.get("Ann")).toMatchObject({ lastAssignedAt: minutesAgo(10), openLoad: 1 });
    expect(byName.get("Dia")?.lastAssignedAt).toBeInstanceOf(Date);
  });

  it("puts a nurse who speaks the patient's language first, and leaves out the excluded", async () => {
    const ranked = await rankOnCallNurses(t.db, { at, language: "ES", excludeUserIds: [ids.Cid!] });
    expect(ranked.map((c) => c.name)).toEqual(["Dia", "Bea", "Ann"]);
  });
});
