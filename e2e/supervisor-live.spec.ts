import { expect, test } from "@playwright/test";
import { makeTask, personPage, signIn, USERS } from "./fixtures";

test.describe("supervisor (live board)", () => {
  test("a task breaches while the board is open, after the clock moves, without a reload", async ({
    page,
    browser,
  }) => {
    const task = await makeTask({ severity: "URGENT", reason: "HF_SWELLING", dueInMin: 40 });
    await signIn(page, USERS.supervisor);
    await page.getByRole("link", { name: "SLA board" }).click();
    const warning = page.getByRole("region", { name: /^Inside warning window/ });
    const breached = page.getByRole("region", { name: /^Breached/ });
    await expect(warning).toContainText(task.displayName);
    await expect(breached).not.toContainText(task.displayName);
    let navigations = 0;
    page.on("framenavigated", () => {
      navigations += 1;
    });

    const admin = await personPage(browser, USERS.admin);
    await admin.getByRole("button", { name: "Advance clock" }).click();
    await admin.getByRole("menuitem", { name: "+1 hour" }).click();

    await expect(breached).toContainText(task.displayName, { timeout: 15_000 });
    await expect(warning).not.toContainText(task.displayName);
    expect(navigations).toBe(0);
    await admin.context().close();
  });
});
