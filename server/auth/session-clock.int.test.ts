import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppHarness, startAppHarness } from "../../test/app-harness.js";

describe("sessions and the virtual clock", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness();
  });
  afterAll(async () => h?.stop());

  it("a demo jump of days neither signs the user out nor changes when the session really expires", async () => {
    const admin = await h.as("alex.admin@sequora.test");
    const before = await h.t.db.session.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    await admin.clock.advance({ ms: 3 * 86_400_000 });
    expect(h.engine.clock.offsetMs()).toBeGreaterThanOrEqual(3 * 86_400_000);
    const me = await admin.auth.me();
    expect(me.user?.email).toBe("alex.admin@sequora.test");
    // Expiry is wall-clock: about 12 real hours from sign-in, whatever the virtual time says.
    const hoursLeft = (before.expiresAt.getTime() - Date.now() + h.engine.clock.offsetMs()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(11);
    expect(hoursLeft).toBeLessThanOrEqual(12);
  });

  it("the retention job run at a far-ahead virtual time keeps live sessions and removes expired ones", async () => {
    await h.as("sam.supervisor@sequora.test");
    await h.t.db.session.create({
      data: {
        id: "expired-session",
        userId: (await h.t.db.user.findFirstOrThrow()).id,
        expiresAt: new Date(0),
      },
    });
    const live = await h.t.db.session.count({ where: { expiresAt: { gt: new Date(0) } } });
    const { retentionCleanup } = await import("../services/reports/maintenance.js");
    const removed = await retentionCleanup(
      h.t.db,
      new Date(h.engine.clock.now().getTime() + 10 * 86_400_000),
    );
    // The engine's own daily retention schedule may fire after the jump and get there first.
    expect(removed.sessions).toBeLessThanOrEqual(1);
    expect(await h.t.db.session.findUnique({ where: { id: "expired-session" } })).toBeNull();
    expect(await h.t.db.session.count()).toBe(live);
  });
});
