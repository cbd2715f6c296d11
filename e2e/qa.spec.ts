import { randomInt } from "node:crypto";
import path from "node:path";
import { TZDate } from "@date-fns/tz";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { choose, journeyState, serverNowMs, signIn, USERS } from "./fixtures";

/** Saves a full-page screenshot under e2e/artifacts/ (git-ignored) and attaches it to the report. */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.testDir, "artifacts", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

async function advance(page: Page, label: "+1 hour" | "+6 hours" | "+1 day" | "+7 days"): Promise<void> {
  await page.getByRole("button", { name: "Advance clock" }).click();
  await page.getByRole("menuitem", { name: label }).click();
  // A jump past the session's end signs the admin out (sessions run on the server clock).
  const done = page.getByRole("button", { name: "Advance clock" }).and(page.locator(":enabled"));
  await expect(done.or(page.getByRole("button", { name: "Sign in" }))).toBeVisible({ timeout: 60_000 });
}

/**
 * Welcome and check-in texts wait for 08:00 in the patient's zone; move the demo clock to late
 * morning in New York first so the journey is not parked in quiet hours.
 */
async function advanceToDaytime(page: Page): Promise<void> {
  const hour = new TZDate(await serverNowMs(), "America/New_York").getHours();
  let delta = (10 - hour + 24) % 24;
  while (delta >= 6) {
    await advance(page, "+6 hours");
    delta -= 6;
  }
  for (; delta > 0; delta--) await advance(page, "+1 hour");
  await page.reload();
  const signInButton = page.getByRole("button", { name: "Sign in" });
  await expect(signInButton.or(page.getByRole("navigation", { name: "Main navigation" }))).toBeVisible();
  if (await signInButton.isVisible()) await signIn(page, USERS.admin);
}

/**
 * Reopens the patient's phone after a clock jump (sessions follow the wall clock, so the user
 * normally stays signed in; a sign-in page is still handled).
 */
async function backToPhone(page: Page, patient: RegExp): Promise<void> {
  const signInButton = page.getByRole("button", { name: "Sign in" });
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(signInButton.or(nav)).toBeVisible();
  if (await signInButton.isVisible()) await signIn(page, USERS.admin);
  if (!(await page.getByRole("log", { name: "Conversation" }).isVisible())) {
    await page.getByRole("link", { name: "Phone simulator" }).click({ timeout: 5_000 });
    await choose(page, "Patient", patient);
  }
}

async function reply(page: Page, text: string): Promise<void> {
  await page.getByLabel("Reply as the patient").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByLabel("Reply as the patient")).toHaveValue("", { timeout: 60_000 });
}

test.describe("QA: a whole episode with the clock control", () => {
  test.setTimeout(420_000);

  test("intake -> consent -> first check-in -> urgent task -> resolved, with a screenshot of every view", async ({
    page,
  }, testInfo) => {
    const suffix = String(randomInt(1000, 9999));
    const first = `Quinn${suffix}`;
    await signIn(page, USERS.admin);
    await advanceToDaytime(page);
    await expect(page.getByRole("heading", { name: "Task queue" })).toBeVisible();
    await shot(page, testInfo, "01-queue");

    // Discharge intake: CSV preview shows per-row errors before anything is saved.
    await page.getByRole("link", { name: "Discharge intake" }).click();
    await page.getByRole("tab", { name: "CSV upload" }).click();
    await page
      .getByLabel("CSV content")
      .fill(
        "firstName,lastName,mrn,phone,preferredLanguage,timeZone,protocol,dischargedAt,highRiskMedClasses\n" +
          `Ok,Row,QA-${suffix}-1,+1303555${suffix},EN,America/Denver,COPD,2026-01-01T10:00:00Z,\n` +
          `Bad,Row,QA-${suffix}-2,12345,EN,Mars/Olympus,XYZ,not-a-date,`,
      );
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("table", { name: "CSV preview" });
    await expect(preview.getByRole("row", { name: /^2 / })).toContainText("ready");
    await expect(preview.getByRole("row", { name: /^3 / })).toContainText(/phone/i);
    await expect(page.getByRole("button", { name: "Import 1 valid row" })).toBeEnabled();
    await shot(page, testInfo, "02-intake-csv-preview");

    // One patient by form.
    await page.getByRole("tab", { name: "One patient" }).click();
    const form = page.getByRole("form", { name: "Enroll one patient" });
    await form.getByLabel("First name").fill(first);
    await form.getByLabel("Last name").fill("Journey");
    await form.getByLabel("MRN").fill(`QA-${suffix}`);
    await form.getByLabel("Mobile phone").fill(`+1404555${suffix}`);
    await choose(page, "Time zone", "America/New_York");
    await choose(page, "Protocol", "Heart failure");
    await shot(page, testInfo, "03-intake-form");
    await form.getByRole("button", { name: "Enroll patient" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Patient enrolled" })).toBeVisible();

    // The patient's phone: consent request, YES.
    await page.getByRole("link", { name: "Phone simulator" }).click();
    const patient = new RegExp(`${first} Journey`);
    await choose(page, "Patient", patient);
    const log = page.getByRole("log", { name: "Conversation" });
    await expect(log).toContainText(/YES/, { timeout: 20_000 });
    await reply(page, "YES");
    await expect(page.getByText("consent granted")).toBeVisible({ timeout: 20_000 });

    // Jump a day, then hour by hour until the first check-in arrives (quiet hours may defer it).
    await advance(page, "+1 day");
    await backToPhone(page, patient);
    await expect(async () => {
      await backToPhone(page, patient);
      if (!(await log.textContent())?.match(/chest pain/i)) await advance(page, "+1 hour");
      await expect(log).toContainText(/chest pain/i, { timeout: 4_000 });
    })
      .toPass({ timeout: 90_000 })
      .catch(async (err: unknown) => {
        // Attach what the engine was doing, so a stuck check-in can be told from a slow one.
        await testInfo.attach("journey-state.json", {
          body: JSON.stringify(await journeyState(first), null, 2),
          contentType: "application/json",
        });
        throw err;
      });
    await reply(page, "no");
    await expect(log).toContainText(/your weight today/i, { timeout: 20_000 });
    await reply(page, "185 lbs");
    await expect(log).toContainText(/Breathing today/, { timeout: 20_000 });
    await reply(page, "3 - need extra pillows");
    await expect(log).toContainText(/A nurse from .* will call you soon/, { timeout: 20_000 });
    await shot(page, testInfo, "04-phone-simulator");

    // The urgent task is in the queue; its detail explains the rule that fired.
    await page.getByRole("link", { name: "Task queue" }).click();
    // By now the queue is long (the living demo and every journey before this one left tasks, and
    // the table only renders the rows in view): narrow it to the reason, as a nurse would.
    await choose(page, "Reason", "HF breathing worse");
    await page.keyboard.press("Escape");
    const row = page
      .getByRole("table", { name: "Open tasks sorted by SLA due time" })
      .getByTestId("queue-row")
      .filter({ hasText: `${first} J.` });
    await expect(row.first()).toContainText("HF breathing worse", { timeout: 20_000 });
    await expect(row.first()).toContainText("urgent");
    await row.first().getByRole("link").first().click();
    const timeline = page.getByRole("region", { name: "Patient timeline" });
    await expect(timeline).toContainText(/Rule .*v1/);
    await expect(timeline).toContainText("Text from patient");
    await expect(page.getByRole("region", { name: "Workflow runs" })).toBeVisible();
    await shot(page, testInfo, "05-task-detail-timeline");

    await page.getByRole("button", { name: "Resolve" }).click();
    await choose(page, "Disposition", "Advice given");
    await page.getByRole("dialog", { name: "Resolve task" }).getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByRole("region", { name: "Task summary" })).toContainText(
      "Disposition: Advice given",
    );

    for (const [link, heading, name] of [
      ["SLA board", "SLA board", "06-sla-board"],
      ["Workflow runs", "Workflow runs", "07-runs"],
      ["Staff", "Staff", "08-admin-staff"],
      ["On-call shifts", "On-call shifts", "09-admin-shifts"],
      ["Protocols", "Protocols", "10-protocols"],
    ] as const) {
      await page.getByRole("link", { name: link, exact: true }).click();
      await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
      await expect(page.getByLabel(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
      await shot(page, testInfo, name);
    }
  });
});
