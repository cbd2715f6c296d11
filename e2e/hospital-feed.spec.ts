import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { TZDate } from "@date-fns/tz";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { adtMessage, hl7Time, newControlId } from "../test/fake-ehr/adt-messages";
import { dischargeTransaction } from "../test/fake-ehr/fhir-bundles";
import { connectMllp, readAck } from "../test/fake-ehr/mllp-sender";
import { expectAccessible } from "./axe";
import { choose, closeTaskDirectly, makeTask, patientIdByMrn, serverNowMs, signIn, USERS } from "./fixtures";
import { E2E_FHIR_TOKEN, e2eHl7Port } from "./hl7-port";

/** Sends one ADT message to the server's real MLLP listener, as an interface engine does. */
async function sendAdt(text: string): Promise<string> {
  const ehr = await connectMllp(e2eHl7Port());
  try {
    return readAck(await ehr.send(text)).code;
  } finally {
    await ehr.close();
  }
}

// The consent text waits for 08:00 in the patient's zone: move the demo clock to daytime first.
async function advanceToDaytime(page: Page): Promise<void> {
  const hour = new TZDate(await serverNowMs(), "America/New_York").getHours();
  if (hour >= 9 && hour < 18) return;
  let hours = (10 - hour + 24) % 24;
  while (hours > 0) {
    const label = hours >= 6 ? "+6 hours" : "+1 hour";
    await page.getByRole("button", { name: "Advance clock" }).click();
    await page.getByRole("menuitem", { name: label }).click();
    await expect(
      page.getByRole("button", { name: "Advance clock" }).and(page.locator(":enabled")),
    ).toBeVisible({
      timeout: 60_000,
    });
    hours -= hours >= 6 ? 6 : 1;
  }
}

test.describe("hospital feed", () => {
  test.setTimeout(240_000);

  test("an A03 over MLLP enrols and texts the patient; an A01 pauses them and counts on the board; the admin sees both messages", async ({
    page,
  }, testInfo) => {
    const suffix = randomBytes(4).toString("hex");
    const mrn = `FEED-${suffix}`;
    const first = `Feed${suffix}`;
    const phones = `^PRN^CP^^1^646^${randomInt(2_000_000, 9_999_999)}`;
    const named = (text: string) => text.replace("Example^Pat^Q", `Zeta^${first}^Q`);
    await signIn(page, USERS.admin);
    await advanceToDaytime(page);

    // Discharge: the listener answers AA and the patient appears, with the consent request.
    const dischargeId = newControlId();
    const discharge = adtMessage(
      { event: "A03", mrn, phones, controlId: dischargeId, diagnoses: ["I50.9"] },
      new Date(await serverNowMs()),
    );
    expect(await sendAdt(named(discharge))).toBe("AA");
    await page.getByRole("link", { name: "Phone simulator" }).click();
    await expect(async () => {
      await page.reload();
      await choose(page, "Patient", new RegExp(`${first} Zeta`));
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("log", { name: "Conversation" })).toContainText(/YES/, { timeout: 30_000 });

    // Readmission: texts pause at once, visible on the patient's page.
    const admitId = newControlId();
    const admit = adtMessage(
      { event: "A01", mrn, phones, controlId: admitId, time: hl7Time(new Date(await serverNowMs())) },
      new Date(await serverNowMs()),
    );
    expect(await sendAdt(named(admit))).toBe("AA");
    const patientId = await patientIdByMrn(mrn);
    expect(patientId).not.toBeNull();
    await expect(async () => {
      await page.goto(`/patients/${patientId}`);
      await expect(page.getByText("texts paused: back in hospital")).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });

    // The board's outcome measures count the readmission.
    await page.getByRole("link", { name: "SLA board" }).click();
    const outcomes = page.getByRole("region", { name: /Outcomes: 30-day readmissions/ });
    await expect(outcomes.getByTestId("outcome-headline")).toContainText(/[1-9]\d* readmitted/, {
      timeout: 30_000,
    });
    await expect(outcomes.getByRole("figure").first()).toBeVisible();
    await expectAccessible(page, testInfo, "board with outcomes", "light");

    // The admin's log of messages: both, with the raw message one click away.
    await page.getByRole("link", { name: "Hospital messages" }).click();
    await expect(page.getByRole("heading", { name: "Hospital messages", level: 2 })).toBeVisible();
    const table = page.getByRole("table", { name: "Hospital messages, newest first" });
    await expect(table.getByRole("row").filter({ hasText: dischargeId })).toContainText("Enrolled", {
      timeout: 30_000,
    });
    await expect(table.getByRole("row").filter({ hasText: admitId })).toContainText("Return recorded");
    await expectAccessible(page, testInfo, "hospital messages", "light");
    await page.getByRole("button", { name: `View raw message ${dischargeId}` }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Raw HL7 message")).toContainText(
      `ADT^A03^ADT_A03|${dischargeId}|P|2.5.1`,
    );
    await expect(dialog.getByLabel("Raw HL7 message")).toContainText(`PID|1||${mrn}^^^RIVERSIDE^MR`);
    await expectAccessible(page, testInfo, "hospital message dialog", "light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page, testInfo, "hospital message dialog", "dark");
    await page.emulateMedia({ colorScheme: "light" });
    // A replay of the applied discharge changes nothing and says so.
    await dialog.getByRole("button", { name: "Replay message" }).click();
    await expect(dialog.getByRole("status").filter({ hasText: "Already applied" })).toBeVisible({
      timeout: 30_000,
    });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // The same views in the dark scheme.
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page, testInfo, "hospital messages", "dark");
    await page.getByRole("link", { name: "SLA board" }).click();
    await expect(outcomes.getByRole("figure").first()).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, testInfo, "board with outcomes", "dark");
  });

  test("a FHIR discharge Bundle shows on the Hospital messages page, indented, and its replay enrols nobody twice", async ({
    page,
    request,
  }) => {
    const mrn = `FHIRE-${randomBytes(4).toString("hex")}`;
    const bundle = dischargeTransaction(
      {
        mrn,
        telecom: [{ system: "phone", use: "mobile", value: `+1646${randomInt(2_000_000, 9_999_999)}` }],
      },
      new Date(await serverNowMs()),
    );
    const res = await request.post("/fhir/r4", {
      headers: { authorization: `Bearer ${E2E_FHIR_TOKEN}`, "content-type": "application/fhir+json" },
      data: JSON.stringify(bundle),
    });
    expect(res.status()).toBe(200);
    const controlId = `bundle:${bundle.id}`;
    await signIn(page, USERS.admin);
    await page.getByRole("link", { name: "Hospital messages" }).click();
    const table = page.getByRole("table", { name: "Hospital messages, newest first" });
    await expect(table.getByRole("row").filter({ hasText: controlId })).toContainText("Enrolled", {
      timeout: 30_000,
    });
    await page.getByRole("button", { name: `View raw message ${controlId}` }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("answered HTTP 200");
    await expect(dialog.getByLabel("Raw FHIR Bundle")).toContainText(`"resourceType": "Bundle"`);
    await expect(dialog.getByLabel("Raw FHIR Bundle")).toContainText(`"value": "${mrn}"`);
    await dialog.getByRole("button", { name: "Replay message" }).click();
    await expect(dialog.getByRole("status").filter({ hasText: "Already applied" })).toBeVisible({
      timeout: 30_000,
    });
    const patientId = await patientIdByMrn(mrn);
    expect(await episodesOf(patientId!)).toBe(1);
  });

  test("an admin re-sends a failed note from the Notes to the EHR page; it goes out again", async ({
    page,
  }, testInfo) => {
    const { taskId } = await makeTask({ dueInMin: 30 });
    await closeTaskDirectly(taskId);
    // What six refused attempts leave (the e2e server has no EHR to refuse it): the note given up.
    const noteId = await giveUpNote(taskId);
    await signIn(page, USERS.admin);
    await page.goto(`/tasks/${taskId}`);
    const chip = page.getByTestId("ehr-note");
    await expect(chip).toContainText("Not filed: EHR answered 500");
    await page.getByRole("link", { name: "Notes to the EHR" }).click();
    await expect(page.getByRole("heading", { name: "Notes to the EHR", level: 2 })).toBeVisible();
    // The segmented control's radios are visually hidden behind their labels.
    await page.locator("label", { hasText: /^Failed \(/ }).click();
    await expect(page.getByRole("radio", { name: /^Failed/ })).toBeChecked();
    const row = page
      .getByTestId("ehr-note-row")
      .filter({ has: page.getByRole("button", { name: `Re-send nurse note ${noteId}` }) });
    await expect(row).toContainText("EHR answered 500");
    await expect(row).toContainText("6");
    await expectAccessible(page, testInfo, "notes to the EHR", "light");
    await row.getByRole("button", { name: `Re-send nurse note ${noteId}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "Re-sent" })).toBeVisible({ timeout: 30_000 });
    // No EHR on the e2e server: the re-send keeps it in the local outbox, sent.
    await page.goto(`/tasks/${taskId}`);
    await expect(chip).toContainText("Kept in the local outbox", { timeout: 60_000 });
    await expect(chip).toContainText("re-sent 1×");
  });
});

async function withE2eDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const password = readFileSync(".data/e2e/postgres-password", "utf8").trim();
  const db = new pg.Client({
    connectionString: `postgresql://postgres:${password}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54341}/sequora`,
  });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

const episodesOf = (patientId: string) =>
  withE2eDb(async (db) => {
    const res = await db.query(`SELECT count(*)::int AS n FROM "Episode" WHERE "patientId" = $1`, [
      patientId,
    ]);
    return res.rows[0].n as number;
  });

/** Marks the resolved task's note FAILED after six attempts (runId set: the dispatcher leaves it). */
const giveUpNote = (taskId: string) =>
  withE2eDb(async (db) => {
    const res = await db.query(
      `UPDATE "EhrNote" SET status = 'FAILED', "failReason" = 'EHR answered 500', attempts = 6,
         "failedAt" = now(), "runId" = coalesce("runId", 'e2e-given-up') WHERE "sourceKey" = $1 RETURNING id`,
      [`task:${taskId}`],
    );
    return res.rows[0].id as string;
  });
