import { runs, schedules, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatHarness, settled, startCompat } from "./harness.js";

let h: CompatHarness;
beforeAll(async () => {
  h = await startCompat();
}, 60_000);
afterAll(async () => h?.close());

const HOUR = 3_600_000;

/** Moves virtual time to just past the next full hour, then waits for the schedule's runs. */
async function nextHour(scheduleId: string, expected: number) {
  const now = h.engine.clock.now().getTime();
  await h.engine.clock.advance(HOUR - (now % HOUR) + 1_000);
  const deadline = performance.now() + 15_000;
  for (;;) {
    const found = await h.engine.state.listRuns({ tag: `schedule:${scheduleId}` });
    if (found.length >= expected || performance.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("imperative schedules", () => {
  it("create, list, retrieve, fire, deactivate, activate, update, delete", async () => {
    const s = await schedules.create({
      task: "compat.per-user",
      cron: "0 * * * *",
      deduplicationKey: "user-1-hourly",
      externalId: "user-1",
    });
    expect(s).toMatchObject({
      type: "IMPERATIVE",
      task: "compat.per-user",
      active: true,
      externalId: "user-1",
    });
    expect(s.nextRun).toBeInstanceOf(Date);
    // The deduplication key names the schedule: creating it again updates it.
    const again = await schedules.create({
      task: "compat.per-user",
      cron: "0 * * * *",
      deduplicationKey: "user-1-hourly",
      externalId: "user-1",
      timezone: "Europe/Paris",
    });
    expect(again.id).toBe(s.id);
    expect(again.timezone).toBe("Europe/Paris");
    expect((await schedules.retrieve(s.id)).generator.expression).toBe("0 * * * *");
    const listed = await schedules.list();
    expect(listed.data.map((x) => x.id)).toContain(s.id);

    const fired = await nextHour(s.id, 1);
    expect(fired).toHaveLength(1);
    expect((await settled(fired[0]!.id)).output).toMatchObject({
      type: "IMPERATIVE",
      externalId: "user-1",
      scheduleId: s.id,
      upcoming: 10,
    });

    expect((await schedules.deactivate(s.id)).active).toBe(false);
    expect(await nextHour(s.id, 2)).toHaveLength(1);
    expect((await schedules.activate(s.id)).active).toBe(true);
    const both = await nextHour(s.id, 2);
    expect(both).toHaveLength(2);
    // runs.list({ schedule }): the schedule's runs, not those of another task or schedule.
    await tasks.trigger("compat.echo", { v: "not scheduled" });
    const bySchedule = (await runs.list({ schedule: s.id })).data.map((r) => r.id).sort();
    expect(bySchedule).toEqual(both.map((r) => r.id).sort());
    expect((await runs.list({ schedule: "sched_none" })).data).toHaveLength(0);

    const updated = await schedules.update(s.id, {
      task: "compat.per-user",
      cron: "30 2 * * *",
      externalId: "user-1",
    });
    expect(updated.generator.expression).toBe("30 2 * * *");
    expect((await schedules.del(s.id)).id).toBe(s.id);
    await expect(schedules.retrieve(s.id)).rejects.toMatchObject({ status: 404 });
    expect((await runs.list({ tag: `schedule:${s.id}` })).data.length).toBe(2);
  });

  it("refuses a bad cron, an unknown timezone, and a task that is not a schedules.task", async () => {
    const base = { task: "compat.per-user", deduplicationKey: "bad" };
    await expect(schedules.create({ ...base, cron: "not a cron" })).rejects.toMatchObject({ status: 400 });
    await expect(
      schedules.create({ ...base, cron: "0 * * * *", timezone: "Mars/Olympus" }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(schedules.create({ ...base, task: "compat.echo", cron: "0 * * * *" })).rejects.toMatchObject(
      {
        status: 400,
      },
    );
    expect((await schedules.timezones()).timezones).toContain("Europe/Paris");
  });
});
