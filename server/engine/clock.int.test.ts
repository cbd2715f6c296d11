import { runs, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineHarness, startHarness, waitForRun } from "./engine-test-kit.js";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness({ allowClockControl: true });
});
afterAll(async () => {
  await h?.close();
});

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
}

describe("virtual clock", () => {
  it("a wait.for(24h) created after a 10-day jump still waits 24 virtual hours", async () => {
    const realBefore = Date.now();
    await h.engine.clock.advance(10 * DAY);
    expect(Date.now() - realBefore).toBeGreaterThanOrEqual(10 * DAY);
    expect(Date.now() - realBefore).toBeGreaterThanOrEqual(10 * DAY);
    const handle = await tasks.trigger("fixture.wait-for", { seconds: 24 * 3600, key: "clk1" });
    await waitForRun(handle.id, { status: "WAITING" });
    await h.engine.clock.advance(23 * HOUR);
    await settle();
    expect((await runs.retrieve(handle.id)).status).toBe("WAITING");
    await h.engine.clock.advance(HOUR + 1000);
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    // Continued in place (see resume.int.test.ts): the code before the wait ran once.
    expect(await h.effects("clk1:")).toEqual([
      { key: "clk1:after", n: 1 },
      { key: "clk1:before", n: 1 },
    ]);
  });

  // Replay of keyed and positional waits after a restart: resume-restart and waits-replay tests.
  it("two engine-handled waits in a row: each step runs once", async () => {
    const handle = await tasks.trigger("fixture.two-waits", { key: "two" });
    await waitForRun(handle.id, { status: "WAITING" });
    await h.engine.clock.advance(7000);
    await waitForRun(handle.id, { status: "WAITING" });
    for (let i = 0; i < 50 && (await h.effects("two:b")).length === 0; i++) await settle();
    await h.engine.clock.advance(7000);
    const run = await waitForRun(handle.id);
    expect(run.status).toBe("COMPLETED");
    expect(await h.effects("two:")).toEqual([
      { key: "two:a", n: 1 },
      { key: "two:b", n: 1 },
      { key: "two:c", n: 1 },
    ]);
  });

  it("wait.until honours a virtual date", async () => {
    const until = new Date(Date.now() + 3 * DAY).toISOString();
    const handle = await tasks.trigger("fixture.wait-until", { until });
    await waitForRun(handle.id, { status: "WAITING" });
    await h.engine.clock.advance(3 * DAY + 1000);
    expect((await waitForRun(handle.id)).status).toBe("COMPLETED");
  });

  it("a cron schedule fires exactly one run for the latest due slot", async () => {
    // The earlier tests' clock moves made slots due too: let the maintenance pass fire those first
    // (the count holds still across a settle).
    let before = await runs.list({ taskIdentifier: "fixture.hourly" });
    for (let i = 0; i < 20; i++) {
      await settle();
      const again = await runs.list({ taskIdentifier: "fixture.hourly" });
      if (again.data.length === before.data.length) break;
      before = again;
    }
    const seen = before.data.length;
    await h.engine.clock.advance(2 * HOUR);
    let list = await runs.list({ taskIdentifier: "fixture.hourly" });
    for (let i = 0; i < 50 && list.data.length === seen; i++) {
      await settle();
      list = await runs.list({ taskIdentifier: "fixture.hourly" });
    }
    expect(list.data.length).toBe(seen + 1);
    const run = await waitForRun(list.data[0]!.id);
    expect(run.output).toEqual({ timestampIsDate: true, timezone: "America/New_York", upcoming: 10 });
    expect(run.payload).toMatchObject({ type: "DECLARATIVE", timezone: "America/New_York" });
    const slot = new Date((run.payload as { timestamp: string }).timestamp);
    expect(slot.getUTCMinutes()).toBe(0);
  });

  it("refuses to move backwards", async () => {
    await expect(h.engine.clock.advance(-1)).rejects.toThrow(/forward/);
  });
});
