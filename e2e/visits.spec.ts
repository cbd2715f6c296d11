import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createDb } from "../server/db/client.js";
import { prepareOffer } from "../server/services/visits/offer-times.js";
import { loadVisitSettings } from "../server/services/visits/settings.js";
import { createSmsService, loadSmsConfig } from "../server/sms/index.js";
import { recordingJobs } from "../test/recording-jobs.js";
import { expectAccessible } from "./axe";
import { choose, makePatient, signIn, USERS } from "./fixtures";

// Texts visit times to a patient the way the visit.offer task does (the offer step and the send
// gate), on the e2e database; the patient's reply then runs through the server's real tasks.
async function textVisitTimes(patient: { patientId: string; episodeId: string }) {
  const url = `postgresql://postgres:${readFileSync(".data/e2e/postgres-password", "utf8").trim()}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`;
  const db = createDb(url, { max: 1 });
  try {
    const step = await prepareOffer(
      { db, jobs: recordingJobs(), settings: loadVisitSettings({}) },
      { episodeId: patient.episodeId, cause: "CHECK_IN", key: `e2e:${patient.episodeId}` },
    );
    if (step.kind !== "SEND") throw new Error(`no offer: ${step.kind}`);
    await createSmsService({ db, config: loadSmsConfig({}) }).send({ ...step.text, purpose: "REPLY" });
  } finally {
    await db.$disconnect();
  }
}

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

  test("a patient picks a texted time in the phone simulator and a nurse approves it", async ({
    page,
    browser,
  }) => {
    const patient = await makePatient();
    await textVisitTimes(patient);
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "Phone simulator" }).click();
    await choose(page, "Patient", patient.fullName);
    const log = page.getByRole("log", { name: "Conversation" });
    await expect(log).toContainText("Reply 1, 2 or 3 to pick a time, or 0 for none of these.");
    await page.getByLabel("Reply as the patient").fill("2");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(log).toContainText("We asked the clinic for");

    const nurse = await browser.newPage();
    await signIn(nurse, USERS.nurse);
    await nurse.getByRole("link", { name: "Visit requests" }).click();
    const table = nurse.getByRole("table", { name: "Visit requests" });
    await expect(table).toContainText(patient.fullName);
    await nurse.getByRole("button", { name: `Approve visit for ${patient.fullName}` }).click();
    await expect(nurse.getByText("The patient gets the confirmation.")).toBeVisible();
    await expect(table.getByRole("row", { name: new RegExp(patient.fullName) })).toHaveCount(0);

    await expect(log).toContainText("your follow-up visit is booked", { timeout: 20_000 });
    await expect(log).toContainText("200 River Street");
  });
});
