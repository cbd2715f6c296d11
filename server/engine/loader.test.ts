import { describe, expect, it } from "vitest";
import { loadProject } from "./core/loader.js";
import { FIXTURE_DIR } from "./engine-test-kit.js";

describe("loadProject", () => {
  it("registers every task, queue limit and schedule, even for a task file imported earlier", async () => {
    // The host app importing a task module at runtime first must not hide its tasks from the engine.
    const early = await import("../../test/fixtures/trigger-project/src/trigger/basic.js");
    expect(typeof early.hello.trigger).toBe("function");
    const project = await loadProject(FIXTURE_DIR);
    expect(project.tasks.has("fixture.hello")).toBe(true);
    expect(project.tasks.has("fixture.parent")).toBe(true);
    expect(project.tasks.get("fixture.serial")?.queueName).toBe("fixture-serial");
    expect(project.queueLimits.get("fixture-serial")).toBe(1);
    expect(project.tasks.get("fixture.hourly")?.schedule).toEqual({
      cron: "0 * * * *",
      timezone: "America/New_York",
    });
    expect(project.tasks.get("fixture.slow")?.maxDuration).toBe(1);
    expect(project.config.retries?.default?.maxAttempts).toBe(3);
    await expect(loadProject("/tmp")).rejects.toThrow(/already loaded/);
  });
});
