import { expect, test } from "@playwright/test";
import { localDate } from "../server/lib/local-date.js";
import { bookDirectly } from "../server/services/visits/book-directly.js";
import { listFreeSlots } from "../server/services/visits/slots.js";
import { recordingJobs } from "../test/recording-jobs.js";
import { expectAccessible } from "./axe";
import { atServerTime, choose, makePatient, makeTask, product, serverNowMs, signIn, USERS } from "./fixtures";

test.describe("visit changes", () => {
  test("a nurse books a follow-up visit from a task page", async ({ page }, testInfo) => {
    const task = await makeTask({ reason: "FOLLOWUP_NOT_SCHEDULED", severity: "ROUTINE", dueInMin: 600 });
    await signIn(page, USERS.nurse);
    await page.goto(`/tasks/${task.taskId}`);
    await page.getByRole("button", { name: "Book visit" }).click();
    const dialog = page.getByRole("dialog", { name: "Book a follow-up visit" });
    await expect(dialog.getByRole("combobox", { name: "Free time" })).toBeEnabled();
    await expectAccessible(page, testInfo, "book visit dialog", "light");
    await choose(page, "Free time", /Dr\./);
    await dialog.getByRole("button", { name: "Book visit" }).click();
    await expect(page.getByText("The patient gets the confirmation.")).toBeVisible();
    await expect(dialog).toBeHidden();
    const { db } = product();
    const appt = await db.appointment.findFirst({
      where: { patientId: task.patientId, status: "SCHEDULED" },
    });
    expect(appt?.slotId).toBeTruthy();
  });

  test("an admin cancels a clinic day and the patient's phone shows the apology and new times", async ({
    page,
  }) => {
    const patient = await makePatient();
    const { db, sms } = product();
    const now = await serverNowMs();
    // A visit at least two days out, booked the way a nurse books one.
    const slot = await atServerTime(now, async () => {
      const free = await listFreeSlots(db, {
        from: new Date(now + 2 * 86_400_000),
        limit: 1,
        language: "EN",
      });
      const s = free[0]!;
      await bookDirectly(
        { db, jobs: recordingJobs(), sms },
        { episodeId: patient.episodeId, slotId: s.id, userId: "e2e" },
      );
      return s;
    });
    const date = localDate(slot.startsAt, slot.clinic.timeZone);

    await signIn(page, USERS.admin);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Clinics" })
      .click();
    await page.getByRole("button", { name: `Cancel a day for ${slot.clinician.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Cancel appointments: ${slot.clinician.name}` });
    await dialog.getByLabel("Day").fill(date);
    await expect(dialog.getByText(/with a patient booked or waiting/)).toBeVisible();
    await dialog.getByLabel("Reason").fill("Clinician off sick");
    await dialog.getByRole("button", { name: "Cancel appointments on this day" }).click();
    await expect(page.getByText(/patients texted new times/)).toBeVisible();

    await page.getByRole("link", { name: "Phone simulator" }).click();
    await choose(page, "Patient", patient.fullName);
    const log = page.getByRole("log", { name: "Conversation" });
    await expect(log).toContainText("the clinic had to cancel your visit", { timeout: 20_000 });
    await expect(log).toContainText("Reply 1, 2 or 3 to pick a time, or 0 for none of these.", {
      timeout: 20_000,
    });
  });
});
