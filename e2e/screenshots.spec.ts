import { expect, test } from "@playwright/test";
import {
  closeTaskDirectly,
  demoPatientWithMostWeights,
  makeTask,
  serverNowMs,
  signIn,
  USERS,
} from "./fixtures";
import { checkRound, loseMonitor } from "./system-fixtures";

/**
 * The README's screenshots, light beside dark, from the demo data of a fresh start. Not part of
 * the suite: `SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts` (alone, on a fresh server).
 */
test.skip(!process.env.SCREENSHOTS, "README screenshots: run with SCREENSHOTS=1");

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} screenshots`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1400, height: 820 } });
    const file = (name: string) => `docs/screenshots/${name}${scheme === "dark" ? "-dark" : ""}.png`;

    test(`queue, board and task (${scheme})`, async ({ page }) => {
      await signIn(page, USERS.supervisor);
      const rows = page.getByTestId("queue-row");
      await expect(rows.first()).toBeVisible();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: file("queue") });

      await page.getByRole("link", { name: "SLA board" }).click();
      await expect(page.getByRole("region", { name: /^Breached/ })).toBeVisible();
      await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
      await page.screenshot({ path: file("sla-board") });

      await page.getByRole("link", { name: "Task queue" }).click();
      await rows.first().getByRole("link").first().click();
      await expect(page.getByRole("region", { name: "Task summary" })).toBeVisible();
      await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
      await page.screenshot({ path: file("task-timeline") });
    });

    test(`patient trends (${scheme})`, async ({ page }) => {
      await signIn(page, USERS.nurse);
      await page.goto(`/patients/${await demoPatientWithMostWeights()}`);
      await expect(page.getByRole("figure", { name: "Weight" })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: file("patient-trends") });
    });
  });
}

test.describe("system page screenshot", () => {
  test.use({ colorScheme: "light", viewport: { width: 1400, height: 1100 } });
  test("admin System page with an open alert", async ({ page }) => {
    const task = await makeTask({ severity: "URGENT", dueInMin: 60 });
    await loseMonitor(task.taskId);
    const now = await serverNowMs();
    for (const minutesAgo of [20, 15, 10, 5, 0]) await checkRound(new Date(now - minutesAgo * 60_000));
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "System" }).click();
    await expect(page.getByRole("table", { name: "Open alerts" })).toBeVisible();
    await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 30_000 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: "docs/screenshots/system.png" });
    await closeTaskDirectly(task.taskId);
  });
});
