import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { choose, makePatient, makeTask, signIn, USERS } from "./fixtures";

/**
 * axe-core (WCAG 2.0/2.1 A and AA) on every view each persona visits, in the light and the dark
 * scheme (the browser's preference; the app follows it). One sign-in per persona, views in sequence;
 * any serious or critical violation fails the journey.
 */
async function nav(page: Page, link: string, heading: string | RegExp) {
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: link }).click();
  await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility (${scheme} scheme)`, () => {
    test.use({ colorScheme: scheme });
    // axe takes a few seconds per view on a busy 2-core machine; a journey visits up to six.
    test.describe.configure({ timeout: 150_000 });

    test("sign-in page", async ({ page }, testInfo) => {
      await page.goto("/");
      await expect(page.getByLabel("Email")).toBeVisible();
      await expectAccessible(page, testInfo, "sign-in", scheme);
    });

    test("nurse: queue, task detail, account, simulator", async ({ page }, testInfo) => {
      const task = await makeTask({ severity: "URGENT", dueInMin: -15 });
      await makeTask({ severity: "EMERGENT", dueInMin: 10 });
      await makeTask({ severity: "ROUTINE", reason: "PATIENT_MESSAGE", dueInMin: 600 });
      const patient = await makePatient();
      await signIn(page, USERS.nurse);
      await expect(page.getByTestId("queue-row").first()).toBeVisible();
      await expectAccessible(page, testInfo, "queue", scheme);

      await page.getByRole("link", { name: `Open task for ${task.displayName}` }).click();
      await expect(page.getByRole("region", { name: "Task summary" })).toBeVisible();
      await expectAccessible(page, testInfo, "task detail", scheme);
      await page.getByRole("button", { name: "Resolve" }).click();
      await expect(page.getByRole("dialog", { name: "Resolve task" })).toBeVisible();
      await expectAccessible(page, testInfo, "resolve dialog", scheme);
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: "Account menu" }).click();
      await page.getByRole("menuitem", { name: "Change password" }).click();
      await expect(page.getByRole("dialog", { name: "Change password" })).toBeVisible();
      await expectAccessible(page, testInfo, "account / change password", scheme);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Change password" })).toBeHidden();

      await page.keyboard.press("?");
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectAccessible(page, testInfo, "shortcuts overlay", scheme);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
      await nav(page, "Phone simulator", "Patient phone simulator");
      await choose(page, "Patient", patient.fullName);
      await expectAccessible(page, testInfo, "simulator", scheme);
    });

    test("supervisor: board, intake, runs, protocols", async ({ page }, testInfo) => {
      await makeTask({ severity: "URGENT", dueInMin: -20 });
      await makeTask({ severity: "URGENT", dueInMin: 30 });
      await makeTask({ severity: "ROUTINE", reason: "FOLLOWUP_NOT_SCHEDULED", dueInMin: 20 * 60 });
      await signIn(page, USERS.supervisor);
      await nav(page, "SLA board", "SLA board");
      await expect(page.getByRole("region", { name: /^Breached \(\d+\)$/ })).toBeVisible();
      await expectAccessible(page, testInfo, "board", scheme);
      await nav(page, "Discharge intake", "Discharge intake");
      await expectAccessible(page, testInfo, "intake", scheme);
      await nav(page, "Workflow runs", "Workflow runs");
      await expectAccessible(page, testInfo, "runs", scheme);
      await nav(page, "Protocols", "Protocols");
      await page.getByRole("button", { name: /Heart failure/ }).click();
      await expect(page.getByRole("table", { name: "Heart failure rules" })).toBeVisible();
      await expectAccessible(page, testInfo, "protocols", scheme);
    });

    test("admin: staff, shifts", async ({ page }, testInfo) => {
      await signIn(page, USERS.admin);
      await nav(page, "Staff", "Staff");
      await expect(page.getByRole("table", { name: "Staff" })).toBeVisible();
      await expectAccessible(page, testInfo, "staff", scheme);
      await page.getByRole("button", { name: "Add staff member" }).click();
      await expect(page.getByRole("dialog", { name: "Add staff member" })).toBeVisible();
      await expectAccessible(page, testInfo, "add staff dialog", scheme);
      await page.keyboard.press("Escape");
      await nav(page, "On-call shifts", "On-call shifts");
      await expect(page.getByRole("table", { name: "On-call shifts" })).toBeVisible();
      await expectAccessible(page, testInfo, "shifts", scheme);
    });
  });
}
