import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, USERS } from "./fixtures";

test.describe("follow-up visits", () => {
  test("admin sets a clinician's availability and the slots follow", async ({ page }, testInfo) => {
    await signIn(page, USERS.admin);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Clinics" })
      .click();
    await expect(page.getByRole("heading", { name: "Clinics", level: 2 })).toBeVisible();
    const table = page.getByRole("table", { name: "Clinicians at Riverside Follow-up Clinic" });
    const row = table.getByRole("row", { name: /Dr\. Maya Chen/ });
    await expect(row).toContainText("Mon Tue Wed Thu Fri 09:00–12:00, 30 min + 10 min buffer");
    await expectAccessible(page, testInfo, "clinics", "light");

    await page.getByRole("button", { name: "Availability of Dr. Maya Chen" }).click();
    const dialog = page.getByRole("dialog", { name: "Availability of Dr. Maya Chen" });
    await expectAccessible(page, testInfo, "availability dialog", "light");
    // Afternoons off from now on: remove the second block, and make mornings 45-minute visits.
    await dialog.getByRole("button", { name: "Remove block 2" }).click();
    await dialog.getByLabel("Visit length (min)").fill("45");
    await dialog.getByLabel("Buffer (min)").fill("0");
    await dialog.getByLabel("Days off").fill("2099-12-24");
    await dialog.getByRole("button", { name: "Save availability" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/slots added, \d+ removed/)).toBeVisible();
    await expect(row).toContainText("09:00–12:00, 45 min");
    await expect(row).not.toContainText("13:00");
    await expect(row).toContainText("Off: 2099-12-24");

    // A block that ends before it starts is refused in the form.
    await page.getByRole("button", { name: "Availability of Dr. Maya Chen" }).click();
    await dialog.getByLabel("Until").fill("08:00");
    await dialog.getByRole("button", { name: "Save availability" }).click();
    await expect(dialog.getByText("Must end after it starts")).toBeVisible();
  });
});
