import { expect, test } from "@playwright/test";
import { visitBooked } from "../server/demo/flows.js";
import { atServerTime, makePatient, product, serverNowMs, signIn, USERS } from "./fixtures";

const HOUR = 3_600_000;

// Two visits booked yesterday for today, both now past and unmarked (booked through the product's
// own use case, at the server's time).
async function patientWithPastVisits() {
  const patient = await makePatient({ dischargedDaysAgo: 3 });
  const now = await serverNowMs();
  const { db } = product();
  const first = await atServerTime(now - 26 * HOUR, () =>
    visitBooked(db, patient.episodeId, new Date(now - 3 * HOUR)),
  );
  const second = await atServerTime(now - 26 * HOUR, () =>
    visitBooked(db, patient.episodeId, new Date(now - 2 * HOUR)),
  );
  return { ...patient, first, second };
}

test.describe("after the visit", () => {
  test("a nurse marks one past visit attended and another a no-show; the patient page shows both", async ({
    page,
  }) => {
    const p = await patientWithPastVisits();
    await signIn(page, USERS.nurse);
    await page.goto("/visits");
    const toMark = page.getByRole("table", { name: "Past visits to mark" });
    await expect(toMark).toBeVisible();
    // The earlier visit first (oldest first): mark it attended from the Visit requests page.
    await toMark
      .getByRole("button", { name: `${p.fullName} attended` })
      .first()
      .click();
    await expect(toMark.getByRole("button", { name: `${p.fullName} attended` })).toHaveCount(1);

    await page.goto(`/patients/${p.patientId}`);
    const card = page.getByRole("region", { name: "Follow-up visits" });
    await expect(card.getByTestId(`appointment-${p.first}`)).toContainText("attended");
    const second = card.getByTestId(`appointment-${p.second}`);
    await second.getByRole("button", { name: /a no-show$/ }).click();
    await expect(second).toContainText("no-show");
    await expect(second.getByRole("button", { name: /a no-show$/ })).toHaveCount(0);
    // A no-show can still be corrected to attended (the EHR may say so later).
    await expect(second.getByRole("button", { name: /attended$/ })).toBeVisible();
  });
});
