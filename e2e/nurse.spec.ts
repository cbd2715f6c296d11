import { expect, test } from "@playwright/test";
import { signIn, USERS } from "./fixtures";

test.describe("nurse", () => {
  test("signs in and sees the open tasks sorted by SLA due, breached first", async ({ page }) => {
    await signIn(page, USERS.nurse);
    await expect(page.getByRole("heading", { name: "Task queue" })).toBeVisible();
    const table = page.getByRole("table", { name: "Open tasks sorted by SLA due time" });
    await expect(table).toBeVisible();
    const rows = table.getByTestId("queue-row");
    await expect(rows).toHaveCount(6);
    // The seeded heart-failure weight task is 30 min past its 2 h SLA: it must lead, in red, negative.
    await expect(rows.first().getByLabel(/^Breached by /)).toBeVisible();
    await expect(rows.first()).toContainText("Hf weight gain");
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
