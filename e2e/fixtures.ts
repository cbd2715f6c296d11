import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "sequora-demo";
export const USERS = {
  nurse: "ana.nurse@sequora.test",
  spanishNurse: "luis.nurse@sequora.test",
  supervisor: "sam.supervisor@sequora.test",
  admin: "alex.admin@sequora.test",
} as const;

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
}
