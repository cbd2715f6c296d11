import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { closeTaskDirectly, makeTask, serverNowMs, signIn, USERS } from "./fixtures";
import { checkRound, loseMonitor, tasksWithoutMonitorNow } from "./system-fixtures";

test.describe("system monitoring", () => {
  test("an admin sees an open alert, its charts, and the alert resolved once the task closes", async ({
    page,
  }, testInfo) => {
    test.slow();
    // Start from no monitor-less task left by other specs (see tasksWithoutMonitorNow).
    for (const id of await tasksWithoutMonitorNow(new Date(await serverNowMs()))) await closeTaskDirectly(id);
    const task = await makeTask({ severity: "URGENT", dueInMin: 60 });
    await loseMonitor(task.taskId);
    const now = await serverNowMs();
    // Two rounds: the alert is raised once, and the history gets two five-minute points.
    const first = await checkRound(new Date(now - 5 * 60_000));
    const second = await checkRound(new Date(now));
    expect([...first.raised, ...second.stillOpen]).toContain("sla_monitor_missing");

    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "System" }).click();
    await expect(page.getByRole("heading", { name: "System", level: 2 })).toBeVisible();
    const open = page.getByRole("table", { name: "Open alerts" });
    await expect(open.getByRole("row", { name: /SLA monitor missing/ })).toContainText("Critical");
    // The charts are their own chunk (recharts): wait for it on a busy machine.
    await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole("figure", { name: /Memory \(resident\), last 24 hours/ })).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await expect(page.getByText("Event-loop lag (p99)")).toBeVisible();
    await expectAccessible(page, testInfo, "system", "light");

    await page.getByText("Last 7 days").click();
    await expect(page.getByRole("figure", { name: /Memory \(resident\), last 7 days/ })).toBeVisible();

    await closeTaskDirectly(task.taskId);
    await checkRound(new Date(await serverNowMs()));
    await page.reload();
    await expect(open.getByRole("row", { name: /SLA monitor missing/ })).toHaveCount(0);
    await expect(
      page.getByRole("table", { name: "Resolved alerts" }).getByRole("row", { name: /SLA monitor missing/ }),
    ).not.toHaveCount(0);
  });
});
