import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { makePatient, makeWeeklySummary, NAMES, reportCheckIns, signIn, USERS } from "./fixtures";

test.describe("patient trends and the weekly summary", () => {
  test("a nurse reads the episode summary and the trend charts on the patient page", async ({
    page,
  }, testInfo) => {
    const patient = await makePatient({ dischargedDaysAgo: 6 });
    await reportCheckIns(patient, [
      { weight: "181", breathing: "1", swelling: "no" },
      { weight: "182 lbs", breathing: "1", swelling: "no" },
      "missed",
      { weight: "184", breathing: "2 - worse when I walk", swelling: "no" },
      { weight: "weight 186", breathing: "2", swelling: "yes" },
    ]);
    await signIn(page, USERS.nurse);
    await page.goto(`/patients/${patient.patientId}`);
    await expect(page.getByRole("region", { name: "Episode summary" })).toContainText(
      "Day 7 of 30. Weight up 5 lb in 4 days, answered last check-in.",
    );
    const trends = page.getByRole("region", { name: "Patient trends" });
    const weight = trends.getByRole("figure", { name: "Weight" });
    await expect(weight).toContainText("Latest 186 lb on day 6");
    // The protocol's lines from the first weight: baseline, +2 lb (a day), +5 lb (a week).
    await expect(weight).toContainText("Baseline 181 lb at 181, +2 lb (a day) at 183, +5 lb (a week) at 186");
    await expect(weight.locator(".recharts-reference-line")).toHaveCount(3);
    await expect(trends.getByRole("figure", { name: "Check-in responses" })).toContainText(
      "4 answered on time, 0 answered after the reminder, 1 missed",
    );
    await expect(trends.getByRole("figure", { name: "Breathing" })).toContainText(
      "Latest: worse with activity",
    );
    await expect(trends.getByTestId("trend-symptoms")).toContainText("Swelling or dizziness: yes on day 6");
    // The numbers behind a chart, as a table.
    await weight.getByText("Weight: data table").click();
    const table = weight.getByRole("table", { name: "Weight by episode day" });
    await expect(table.getByRole("row")).toHaveCount(5);
    await expectAccessible(page, testInfo, "patient trends", "light");
  });

  test("before the first answer the trends say so", async ({ page }) => {
    const patient = await makePatient();
    await signIn(page, USERS.nurse);
    await page.goto(`/patients/${patient.patientId}`);
    await expect(page.getByRole("region", { name: "Episode summary" })).toContainText(
      "Day 4 of 30. No check-ins answered yet.",
    );
    await expect(page.getByRole("region", { name: "Patient trends" })).toContainText("Nothing reported yet");
  });

  test("the supervisor opens the weekly summary; an admin sends it again", async ({
    browser,
    page,
  }, testInfo) => {
    const week = await makeWeeklySummary();
    await signIn(page, USERS.supervisor);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Weekly summary" })
      .click();
    await expect(page.getByRole("heading", { name: "Weekly summary", level: 2 })).toBeVisible();
    await expect(page.getByRole("heading", { name: `Week of ${week}` })).toBeVisible();
    await expect(page.getByRole("figure", { name: "Tasks by severity" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Check-in response rate" })).toContainText(
      "vs the week before",
    );
    await expect(page.getByRole("table", { name: "Median time to first contact" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Send again/ })).toHaveCount(0);
    await expectAccessible(page, testInfo, "weekly summary", "light");

    const admin = await browser.newPage();
    await signIn(admin, USERS.admin);
    await admin.goto(`/reports/weekly/${week}`);
    const sam = NAMES[USERS.supervisor];
    await admin.getByRole("button", { name: `Send again to ${sam}` }).click();
    await expect(admin.getByText(`To ${sam}`)).toBeVisible();
    const row = admin
      .getByRole("table", { name: `Who was sent the week of ${week}` })
      .getByRole("row", { name: new RegExp(sam) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("2");
    await admin.close();
  });
});
