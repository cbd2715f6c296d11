import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn, USERS } from "./fixtures";

test.describe("accounts", () => {
  test("an admin resets a nurse's password; she must choose her own before anything else", async ({
    page,
  }) => {
    const tag = randomBytes(3).toString("hex");
    const name = `Iris Hale ${tag}`;
    const email = `iris.${tag}@sequora.test`;
    await signIn(page, USERS.admin);
    await expect(page.getByLabel("Demo mode")).toBeVisible();
    await page.getByRole("link", { name: "Staff", exact: true }).click();
    await page.getByRole("button", { name: "Add staff member" }).click();
    const add = page.getByRole("dialog", { name: "Add staff member" });
    await add.getByLabel("Full name").fill(name);
    await add.getByLabel("Email").fill(email);
    await add.getByLabel("Initial password").fill("an initial password");
    await add.getByRole("button", { name: "Add" }).click();
    await expect(add).toBeHidden();

    await page.getByRole("button", { name: `Reset password for ${name}` }).click();
    const reset = page.getByRole("dialog", { name: `Reset password for ${name}` });
    await reset.getByRole("button", { name: "Reset password" }).click();
    const temporary = (await reset.getByLabel("Temporary password").textContent())?.trim() ?? "";
    expect(temporary).toHaveLength(20);
    await reset.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByLabel("Email")).toBeVisible();

    // The temporary password signs in to the forced-change screen only.
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password/).fill(temporary);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toHaveCount(0);
    await page.getByLabel("Current password").fill(temporary);
    await page.getByRole("textbox", { name: "New password", exact: true }).fill("iris chooses her own");
    await page.getByLabel("Repeat the new password").fill("iris chooses her own");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await page.getByRole("link", { name: "Task queue" }).click();
    await expect(page.getByRole("heading", { name: "Task queue" })).toBeVisible();

    // Later she changes it again from the user menu.
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Change password" }).click();
    const dialog = page.getByRole("dialog", { name: "Change password" });
    await dialog.getByLabel("Current password").fill("iris chooses her own");
    await dialog.getByRole("textbox", { name: "New password", exact: true }).fill("sequora-demo");
    await dialog.getByLabel("Repeat the new password").fill("sequora-demo");
    await dialog.getByRole("button", { name: "Change password" }).click();
    await expect(dialog.getByRole("alert")).toContainText("publicly known");
    await dialog.getByRole("textbox", { name: "New password", exact: true }).fill("a second fine passphrase");
    await dialog.getByLabel("Repeat the new password").fill("a second fine passphrase");
    await dialog.getByRole("button", { name: "Change password" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Password changed")).toBeVisible();
  });
});
