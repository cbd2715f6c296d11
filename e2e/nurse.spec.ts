import { expect, test } from "@playwright/test";
import {
  assigneeName,
  choose,
  dueBeforeEveryOpenTask,
  makeTask,
  personPage,
  signIn,
  taskRow,
  USERS,
} from "./fixtures";

test.describe("nurse", () => {
  test("signs in and sees the open tasks sorted by SLA due, breached first", async ({ page }) => {
    // Its own two tasks (other journeys, or an earlier attempt, may have left more in the queue).
    const later = await makeTask({ dueInMin: 90 });
    const breached = await makeTask({ dueInMin: -30 });
    await signIn(page, USERS.nurse);
    await expect(page.getByRole("heading", { name: "Task queue" })).toBeVisible();
    const table = page.getByRole("table", { name: "Open tasks sorted by SLA due time" });
    await expect(table).toBeVisible();
    const rows = table.getByTestId("queue-row");
    await expect(rows.filter({ hasText: later.displayName })).toContainText("HF weight gain");
    await expect(rows.filter({ hasText: breached.displayName }).getByLabel(/^Breached by 30m/)).toBeVisible();
    // Every breached task (red, negative) comes before every task still in time, and the
    // earlier-due of the two comes first.
    const clocks = await rows
      .getByLabel(/^(Breached by|Due in) /)
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("aria-label") ?? ""));
    expect(clocks[0]).toMatch(/^Breached by /);
    const firstInTime = clocks.findIndex((label) => label.startsWith("Due in"));
    expect(firstInTime).toBeGreaterThan(0);
    expect(clocks.slice(firstInTime).every((label) => label.startsWith("Due in"))).toBe(true);
    const names = await rows.allTextContents();
    const at = (name: string) => names.findIndex((text) => text.includes(name));
    expect(at(breached.displayName)).toBeLessThan(at(later.displayName));
    await expect(page.getByLabel("Mode: embedded")).toBeVisible();
  });

  test("a wrong password shows an error and stays on the sign-in form", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Email").fill(USERS.nurse);
    await page.getByLabel(/^Password/).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toHaveCount(0);
  });
});

test.describe("nurse workflow", () => {
  test("claims the top unassigned task, adds a contact note and resolves it with a disposition", async ({
    page,
  }) => {
    // Breached for a month at least, and before anything another journey or the seed left open.
    const task = await makeTask({
      severity: "URGENT",
      dueInMin: await dueBeforeEveryOpenTask(-30 * 24 * 60),
    });
    await signIn(page, USERS.nurse);
    await page.getByText("Unassigned", { exact: true }).click();
    const table = page.getByRole("table", { name: "Open tasks sorted by SLA due time" });
    const top = table.getByTestId("queue-row").first();
    await expect(top).toContainText(task.displayName);
    await expect(top.getByLabel(/^Breached by /)).toBeVisible();
    await top.getByRole("button", { name: "Claim" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The task is yours" })).toBeVisible();

    // Claimed means assigned: it leaves the unassigned view and heads "Mine".
    await page.getByText("Mine", { exact: true }).click();
    await table.getByRole("link", { name: `Open task for ${task.displayName}` }).click();
    await expect(page.getByRole("heading", { name: /Test\w+ Zeta/ })).toBeVisible();
    await expect(page.getByRole("region", { name: "Task summary" })).toContainText("Assignee: Ana Brooks");

    await page.getByRole("button", { name: "Add note" }).click();
    const noteDialog = page.getByRole("dialog", { name: "Add note" });
    await noteDialog
      .getByLabel("Note")
      .fill("Spoke with the patient; weight up 3 lb, took extra diuretic dose.");
    await noteDialog.getByLabel(/Documented contact/).check();
    await noteDialog.getByRole("button", { name: "Save note" }).click();
    await expect(noteDialog).toBeHidden();
    const history = page.getByRole("region", { name: "Task history and notes" });
    await expect(history).toContainText("Spoke with the patient");
    await expect(page.getByLabel("SLA clock stopped")).toBeVisible();

    await page.getByRole("button", { name: "Resolve" }).click();
    const resolveDialog = page.getByRole("dialog", { name: "Resolve task" });
    await expect(resolveDialog.getByRole("button", { name: "Resolve" })).toBeDisabled();
    await choose(page, "Disposition", "Advice given");
    await resolveDialog.getByRole("button", { name: "Resolve" }).click();
    await expect(resolveDialog).toBeHidden();
    await expect(page.getByRole("region", { name: "Task summary" })).toContainText(
      "Disposition: Advice given",
    );
    await expect(history).toContainText("Resolved · Ana Brooks");
    expect(await taskRow(task.taskId)).toMatchObject({ status: "RESOLVED", disposition: "ADVICE_GIVEN" });
  });

  test("two nurses claim the same task at once: one wins, the other is told who", async ({ browser }) => {
    const task = await makeTask({ severity: "EMERGENT", reason: "RED_FLAG_SYMPTOM", dueInMin: 10 });
    const ana = await personPage(browser, USERS.nurse);
    const grace = await personPage(browser, USERS.otherNurse);
    for (const p of [ana, grace]) {
      await p.goto(`/tasks/${task.taskId}`);
      await expect(p.getByRole("button", { name: "Claim" })).toBeEnabled();
    }
    // Watch both pages for the success toast before anyone clicks: the toast closes after a few
    // seconds, and the loser's click may wait up to its timeout for a button that live updates removed.
    const toldYours = (p: typeof ana) =>
      p
        .getByRole("alert")
        .filter({ hasText: "The task is yours" })
        .waitFor({ timeout: 15_000 })
        .then(
          () => true,
          () => false,
        );
    const yours = { ana: toldYours(ana), grace: toldYours(grace) };
    // Both click at once. With live updates the slower page may already show the claim before its
    // click lands (its Claim button is gone): that nurse is told by the page itself.
    await Promise.allSettled([
      ana.getByRole("button", { name: "Claim" }).click({ timeout: 5_000 }),
      grace.getByRole("button", { name: "Claim" }).click({ timeout: 5_000 }),
    ]);
    await expect.poll(async () => (await taskRow(task.taskId)).status).toBe("IN_PROGRESS");
    const winner = (await assigneeName(task.taskId)) ?? "nobody";
    expect(["Ana Brooks", "Grace Kim"]).toContain(winner);
    const loserPage = winner === "Ana Brooks" ? grace : ana;
    expect(await (winner === "Ana Brooks" ? yours.ana : yours.grace)).toBe(true);
    const refused = loserPage.getByRole("alert").filter({ hasText: `Already claimed by ${winner}` });
    const shownLive = loserPage.getByText(`Assignee: ${winner}`);
    await expect(refused.or(shownLive).first()).toBeVisible();
    await expect(loserPage.getByRole("button", { name: "Claim" })).toHaveCount(0);
    await expect(loserPage.getByRole("alert").filter({ hasText: "The task is yours" })).toHaveCount(0);
    await ana.context().close();
    await grace.context().close();
  });

  test("keyboard: j/k move the selection, n opens the note dialog", async ({ page }) => {
    await signIn(page, USERS.nurse);
    const rows = page
      .getByRole("table", { name: "Open tasks sorted by SLA due time" })
      .getByTestId("queue-row");
    await expect(rows.nth(1)).toBeVisible();
    await expect(rows.first()).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("j");
    await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("k");
    await expect(rows.first()).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("n");
    await expect(page.getByRole("dialog", { name: "Add note" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Add note" })).toBeHidden();
  });
});
