import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, eventually, startAppHarness } from "../test/app-harness.js";

const HOUR = 3_600_000;

describe("enrollment on the embedded engine", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness();
    await h.advanceToLocalHour(9, "America/New_York");
  });
  afterAll(async () => h?.stop());

  const questionsTo = (patientId: string) =>
    h.t.db.message.count({
      where: { patientId, template: "checkin.question", status: { notIn: ["PENDING", "SUPPRESSED"] } },
    });

  async function discharge(nurse: Awaited<ReturnType<AppHarness["as"]>>, n: number) {
    return nurse.episode.create({
      firstName: `Pat${n}`,
      lastName: "Example",
      mrn: `ENR-${n}`,
      phone: `+1202555080${n}`,
      preferredLanguage: "EN",
      timeZone: "America/New_York",
      protocol: "GENERAL",
      dischargedAt: h.engine.clock.now(),
    });
  }

  it("keeps each patient's check-in at their own time (wait keys never shared across runs)", async () => {
    const nurse = await h.as("ana.nurse@sequora.test");
    const a = await discharge(nurse, 1);
    await h.advanceBy(5 * HOUR);
    const b = await discharge(nurse, 2);
    for (const p of [a, b]) {
      await eventually(
        "consent request",
        async () => (await h.t.db.message.count({ where: { patientId: p.patientId } })) > 0,
      );
      await nurse.sim.reply({ patientId: p.patientId, body: "YES" });
    }
    const slotA = await eventually("slot A", () =>
      h.t.db.checkIn.findUnique({ where: { episodeId_slot: { episodeId: a.episodeId, slot: 1 } } }),
    );
    const slotB = await eventually("slot B", () =>
      h.t.db.checkIn.findUnique({ where: { episodeId_slot: { episodeId: b.episodeId, slot: 1 } } }),
    );
    const gap = slotB.scheduledAt.getTime() - slotA.scheduledAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(5 * HOUR);
    expect(gap).toBeLessThan(5 * HOUR + 60_000);

    await h.advanceTo(slotA.scheduledAt);
    await eventually("A is asked", async () => (await questionsTo(a.patientId)) === 1);
    // B's slot is five hours later: B must not have been asked yet.
    await new Promise((r) => setTimeout(r, 500));
    expect(await questionsTo(b.patientId)).toBe(0);

    await h.advanceTo(slotB.scheduledAt);
    await eventually("B is asked", async () => (await questionsTo(b.patientId)) === 1);
  });

  it("closing the episode cancels what is pending and stops the texts", async () => {
    const nurse = await h.as("ana.nurse@sequora.test");
    const c = await discharge(nurse, 3);
    const slot = await eventually("slot C", () =>
      h.t.db.checkIn.findUnique({ where: { episodeId_slot: { episodeId: c.episodeId, slot: 1 } } }),
    );
    await nurse.episode.close({ id: c.episodeId, reason: "Readmitted" });
    await eventually("enroll run canceled", async () => {
      return (await h.engine.state.retrieveRun(c.runId))?.status === "CANCELED";
    });
    await h.advanceTo(new Date(slot.scheduledAt.getTime() + HOUR));
    await new Promise((r) => setTimeout(r, 500));
    expect(await questionsTo(c.patientId)).toBe(0);
    expect((await h.t.db.checkIn.findUniqueOrThrow({ where: { id: slot.id } })).status).toBe("CANCELED");
  });
});
