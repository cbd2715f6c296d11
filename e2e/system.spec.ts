import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { loadMonitoringConfig } from "../server/config/index.js";
import { createDb } from "../server/db/client.js";
import { engineState } from "../server/engine/index.js";
import { runSystemChecks } from "../server/services/alerts/index.js";
import { expectAccessible } from "./axe";
import { closeTaskDirectly, makeTask, serverNowMs, signIn, USERS } from "./fixtures";

// The e2e server's database (as in fixtures.ts): the checks run here through the same service the
// server's five-minute task calls, on a real condition, so the alert does not wait for the cron.
const dbUrl = () =>
  `postgresql://postgres:${readFileSync(".data/e2e/postgres-password", "utf8").trim()}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`;

async function checkRound(at: Date) {
  const db = createDb(dbUrl(), { max: 2 });
  const pool = new pg.Pool({ connectionString: dbUrl(), max: 2 });
  try {
    return await runSystemChecks({ db, engine: engineState(pool), settings: loadMonitoringConfig({}) }, at);
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

async function loseMonitor(taskId: string) {
  const client = new pg.Client({ connectionString: dbUrl() });
  await client.connect();
  try {
    // As after a crash that lost the task's SLA monitor run: the task points at a run that is gone.
    await client.query(`UPDATE "EscalationTask" SET "monitorRunId" = 'run_lost_in_e2e' WHERE id = $1`, [
      taskId,
    ]);
  } finally {
    await client.end();
  }
}

test.describe("system monitoring", () => {
  test("an admin sees an open alert, its charts, and the alert resolved once the task closes", async ({
    page,
  }, testInfo) => {
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
    await expect(page.getByRole("figure", { name: /Memory \(resident\), last 24 hours/ })).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await expect(page.getByText("Event-loop lag (p99)")).toBeVisible();
    await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
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
