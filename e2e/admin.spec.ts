import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { choose, signIn, USERS } from "./fixtures";

test.describe("admin", () => {
  test("adds a Spanish-speaking nurse and puts her on call", async ({ page }) => {
    const tag = randomBytes(3).toString("hex");
    const name = `Rosa Vega ${tag}`;
    const email = `rosa.${tag}@sequora.test`;
    await signIn(page, USERS.admin);
    // Exact: a synthetic patient's random name ("Testaffca") once matched "Staff" in the queue.
    await page.getByRole("link", { name: "Staff", exact: true }).click();
    await expect(page.getByRole("table", { name: "Staff" })).toBeVisible();
    await page.getByRole("button", { name: "Add staff member" }).click();
    const dialog = page.getByRole("dialog", { name: "Add staff member" });
    await dialog.getByLabel("Full name").fill(name);
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Spanish").check();
    await dialog.getByLabel("Capacity (open tasks)").fill("8");
    await dialog.getByLabel("Initial password").fill("a-long-initial-password");
    await dialog.getByRole("button", { name: "Add" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("table", { name: "Staff" }).getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("English, Spanish");
    await expect(row).toContainText("0 / 8");
    await expect(row).toContainText("nurse");
    // Added without a mobile number: the roster says she is reached in the app only.
    await expect(row).toContainText("no phone: in-app only");

    await page.getByRole("link", { name: "On-call shifts" }).click();
    await page.getByRole("button", { name: "Add on-call shift" }).click();
    const shiftDialog = page.getByRole("dialog", { name: "Add on-call shift" });
    await choose(page, "Staff member", new RegExp(name));
    await expect(shiftDialog.getByLabel("Starts")).not.toHaveValue("");
    await shiftDialog.getByRole("button", { name: "Save shift" }).click();
    await expect(shiftDialog).toBeHidden();
    const shiftRow = page
      .getByRole("table", { name: "On-call shifts" })
      .getByRole("row", { name: new RegExp(name) });
    await expect(shiftRow).toContainText("EN, ES");

    // The new nurse can sign in with the initial password and works the queue.
    await page.getByRole("button", { name: "Sign out" }).click();
    // Wait for the sign-out to land: navigating away first could abort it and keep the old session.
    await expect(page.getByLabel("Email")).toBeVisible();
    await signIn(page, email, "a-long-initial-password");
    await expect(page.getByRole("heading", { name: "Task queue" })).toBeVisible();
    await expect(
      page
        .getByRole("navigation", { name: "Main navigation" })
        .getByRole("link", { name: "Staff", exact: true }),
    ).toHaveCount(0);
  });

  test("a shift that ends before it starts is refused before saving", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "On-call shifts" }).click();
    await page.getByRole("button", { name: "Add on-call shift" }).click();
    const dialog = page.getByRole("dialog", { name: "Add on-call shift" });
    await choose(page, "Staff member", /Grace Kim/);
    await dialog.getByLabel("Ends").fill("2020-01-01T08:00");
    await expect(dialog.getByText("Must be after the start")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Save shift" })).toBeDisabled();
  });

  test("protocol viewer shows versions and the demonstration disclaimer", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "Protocols" }).click();
    await expect(page.getByRole("note")).toContainText("not medical advice");
    await page.getByRole("button", { name: /Heart failure/ }).click();
    await expect(page.getByRole("table", { name: "Heart failure rules" })).toContainText(
      "hf.weight.gain-1d v1",
    );
    await expect(page.getByRole("button", { name: /Heart failure/ })).toContainText("version 3");
  });
});
