import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { format } from "date-fns";
import {
  admitPatient,
  nurseDocumentsCall,
  raiseTask,
  visitAttended,
  visitBooked,
} from "../server/demo/flows.js";
import { expectAccessible } from "./axe";
import { atServerTime, makePatient, personPage, product, serverNowMs, signIn, USERS } from "./fixtures";

const HOUR = 3_600_000;
const nyDate = (ms: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date(ms));

/**
 * An episode two days after discharge, through the product's own use cases: a nurse called the
 * patient an hour after discharge, and the follow-up visit took place on day 1. Only the
 * medication reconciliation and the MDM level are missing for it to bill.
 */
async function visitedEpisode() {
  const now = await serverNowMs();
  const discharged = now - 48 * HOUR;
  const suffix = randomBytes(5).toString("hex");
  const mrn = `TCM-${suffix}`;
  const { db } = product();
  const nurse = await db.user.findUniqueOrThrow({ where: { email: USERS.nurse }, select: { id: true } });
  const { patientId, episodeId } = await atServerTime(discharged, () =>
    admitPatient(
      db,
      {
        firstName: `Tcm${suffix.slice(0, 5)}`,
        lastName: "Visit",
        mrn,
        phone: `+1999${randomInt(1_000_000, 9_999_999)}`,
        preferredLanguage: "EN",
        timeZone: "America/New_York",
        protocol: "HF",
        dischargedAt: new Date(discharged),
        highRiskMedClasses: [],
      },
      "E2E Hospital",
    ),
  );
  await atServerTime(discharged + HOUR, async () => {
    const taskId = await raiseTask(db, {
      patientId,
      episodeId,
      severity: "ROUTINE",
      reasonCode: "FOLLOWUP_NOT_SCHEDULED",
      action: "Call the patient",
      evidence: {},
    });
    await nurseDocumentsCall(db, taskId, nurse.id);
  });
  const visitAt = discharged + 24 * HOUR;
  const appointmentId = await atServerTime(discharged + 2 * HOUR, () =>
    visitBooked(db, episodeId, new Date(visitAt)),
  );
  await atServerTime(now, () => visitAttended(db, appointmentId));
  return { patientId, mrn, discharged, visitAt };
}

test.describe("transitional care (TCM)", () => {
  // The demo's history plays in the background on a fresh server: the first views load slowly.
  test.describe.configure({ timeout: 150_000 });
  test("the supervisor sees an episode at risk; a nurse records MDM and med rec; it qualifies and exports", async ({
    page,
    browser,
  }, testInfo) => {
    const atRisk = await makePatient();
    const visited = await visitedEpisode();
    await signIn(page, USERS.supervisor);
    await page.getByRole("link", { name: "Transitional care" }).click();
    await expect(page.getByRole("heading", { name: "Transitional care (TCM)" })).toBeVisible();
    const risky = page.getByRole("table", { name: "Episodes at risk, nearest deadline first" });
    await expect(risky.getByRole("row", { name: new RegExp(atRisk.fullName) })).toContainText(
      /visit: \d+ days left/,
    );
    await expect(risky).not.toContainText(visited.mrn);
    const month = nyDate(visited.visitAt).slice(0, 7);
    await page.getByLabel("Month of the visit").fill(month);
    const qualifying = page.getByRole("region", { name: "Qualifying episodes" });
    await expect(qualifying).not.toContainText(visited.mrn);
    await expectAccessible(page, testInfo, "tcm", "light");

    const nurse = await personPage(browser, USERS.nurse);
    await nurse.goto(`/patients/${visited.patientId}`);
    const card = nurse.getByRole("region", { name: "Transitional care (TCM)" });
    await expect(card).toContainText("Not billable yet", { timeout: 30_000 });
    await expect(card).toContainText("Medication reconciliation not documented");
    await card
      .getByLabel("Medication reconciliation done at")
      .fill(format(visited.discharged + 12 * HOUR, "yyyy-MM-dd'T'HH:mm"));
    await card.getByRole("combobox", { name: "MDM level (from the visit)" }).click();
    await nurse.getByRole("option", { name: "High" }).click();
    await card.getByRole("button", { name: "Record" }).click();
    await expect(card).toContainText("Billable 99496");
    await expect(card.getByRole("status")).toHaveText("Recorded.");
    await expectAccessible(nurse, testInfo, "patient with TCM card", "light");

    // Live: the supervisor's open view picks the change up without a reload.
    const row = qualifying.getByRole("row", { name: new RegExp(visited.mrn) });
    await expect(row).toContainText("99496");
    await expect(row).toContainText("High");
    const download = page.waitForEvent("download");
    await qualifying.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`tcm-${month}.csv`);
    const csv = readFileSync((await file.path())!, "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toBe("mrn,discharge_date,contact_date,contact_method,visit_date,mdm_level,code");
    expect(csv).toContain(
      `${visited.mrn},${nyDate(visited.discharged)},${nyDate(visited.discharged + HOUR)},CALL,${nyDate(visited.visitAt)},HIGH,99496`,
    );
    const { db } = product();
    const supervisor = await db.user.findUniqueOrThrow({
      where: { email: USERS.supervisor },
      select: { id: true },
    });
    expect(
      await db.auditLog.count({
        where: { userId: supervisor.id, action: "EXPORT", patientId: visited.patientId },
      }),
    ).toBe(1);
  });
});
