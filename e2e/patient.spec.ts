import { expect, type Page, test } from "@playwright/test";
import {
  choose,
  makePatient,
  onlySpanishSpeakerOnCall,
  personPage,
  signIn,
  spanishSpeakingStaff,
  USERS,
} from "./fixtures";

// Each test (and each retry) texts from a patient of its own, so no earlier attempt's task or
// opt-out is in the way and the order of tests never matters.
async function openPhone(page: Page, patient: { fullName: string }): Promise<void> {
  await page.getByRole("link", { name: "Phone simulator" }).click();
  await choose(page, "Patient", new RegExp(patient.fullName));
  await expect(page.getByRole("log", { name: "Conversation" })).toBeVisible();
}

async function reply(page: Page, text: string): Promise<void> {
  await page.getByLabel("Reply as the patient").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("log", { name: "Conversation" })).toContainText(text);
}

test.describe("patient (phone simulator)", () => {
  test("an emergency reply creates an urgent task in the nurse's open queue within seconds", async ({
    page,
    browser,
  }) => {
    const patient = await makePatient();
    const nurse = await personPage(browser, USERS.nurse);
    await signIn(page, USERS.admin);
    await openPhone(page, patient);
    await reply(page, "I have chest pain and I can't breathe");
    // The auto-reply tells the patient to call 911 at once.
    await expect(page.getByRole("log", { name: "Conversation" })).toContainText(/911/, { timeout: 15_000 });
    const row = nurse
      .getByRole("table", { name: "Open tasks sorted by SLA due time" })
      .getByTestId("queue-row")
      .filter({ hasText: patient.displayName });
    await expect(row.first()).toContainText("emergent", { timeout: 15_000 });
    await nurse.context().close();
  });

  test("STOP opts the patient out with one confirmation", async ({ page }) => {
    const patient = await makePatient();
    await signIn(page, USERS.admin);
    await openPhone(page, patient);
    await reply(page, "STOP");
    await expect(page.getByText("opted out", { exact: true })).toBeVisible({ timeout: 15_000 });
    const log = page.getByRole("log", { name: "Conversation" });
    await expect(log).toContainText(/unsubscribed|opted out|no more/i);
  });

  test("a Spanish-speaking patient's task goes to a Spanish-speaking nurse", async ({ page, browser }) => {
    const patient = await makePatient({ language: "ES" });
    await onlySpanishSpeakerOnCall(USERS.spanishNurse);
    const nurse = await personPage(browser, USERS.spanishNurse);
    await signIn(page, USERS.admin);
    await openPhone(page, patient);
    await reply(page, "tengo dolor de pecho");
    const row = nurse
      .getByRole("table", { name: "Open tasks sorted by SLA due time" })
      .getByTestId("queue-row")
      .filter({ hasText: patient.displayName })
      .filter({ hasText: "emergent" });
    await expect(row.first()).toBeVisible({ timeout: 15_000 });
    await expect(row.first()).not.toContainText("unassigned", { timeout: 15_000 });
    const assignee = (await row.first().getByRole("cell").nth(6).textContent()) ?? "";
    const speakers = await spanishSpeakingStaff();
    expect(speakers.some((name) => assignee.includes(name))).toBe(true);
    // The assignee is told in the app: the header counts the notice (she may have others, e.g. an
    // earlier journey's), it names the patient, and it opens her task.
    const bell = nurse.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ });
    await expect(bell).toBeVisible({ timeout: 15_000 });
    await bell.click();
    await nurse
      .getByRole("button", { name: new RegExp(`New emergent task assigned to you.*${patient.displayName}`) })
      .first()
      .click();
    await expect(nurse).toHaveURL(/\/tasks\/[^/]+$/);
    await expect(nurse.getByRole("heading", { name: patient.fullName, level: 2 })).toBeVisible();
    await nurse.context().close();
  });
});
