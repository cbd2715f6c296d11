import { expect, test } from "@playwright/test";
import { choose, closeTaskDirectly, makeTask, signIn, taskRow, USERS } from "./fixtures";

test.describe("supervisor", () => {
  test("sees the three SLA lanes with each task in the right one, nurse load and the roster", async ({
    page,
  }) => {
    const breached = await makeTask({ severity: "URGENT", dueInMin: -20 });
    const warning = await makeTask({ severity: "URGENT", dueInMin: 30 });
    const onTrack = await makeTask({
      severity: "ROUTINE",
      reason: "FOLLOWUP_NOT_SCHEDULED",
      dueInMin: 20 * 60,
    });
    await signIn(page, USERS.supervisor);
    await page.getByRole("link", { name: "SLA board" }).click();
    const lane = (name: RegExp) => page.getByRole("region", { name });
    await expect(lane(/^Breached \(\d+\)$/)).toContainText(breached.displayName);
    await expect(lane(/^Inside warning window \(\d+\)$/)).toContainText(warning.displayName);
    await expect(lane(/^On track \(\d+\)$/)).toContainText(onTrack.displayName);
    await expect(page.getByRole("table", { name: "Nurse load" })).toContainText("Ana Brooks");
    await expect(page.getByRole("region", { name: "On-call roster" }).getByLabel("Next up")).toContainText(
      /Ana Brooks|Luis Ortega|Grace Kim/,
    );
    const compliance = page.getByRole("region", { name: /Handled within SLA/ });
    await expect(compliance.getByRole("group", { name: "EMERGENT within SLA" })).toContainText(/of \d+/);
    await expect(
      compliance.getByRole("figure", { name: "Percent within SLA by day and severity" }),
    ).toBeVisible();
  });

  test("bulk reassign reports a result per task, including one that was closed meanwhile", async ({
    page,
  }) => {
    const a = await makeTask({ severity: "URGENT", dueInMin: 45 });
    const b = await makeTask({ severity: "URGENT", dueInMin: 50 });
    const gone = await makeTask({ severity: "URGENT", dueInMin: 55 });
    await signIn(page, USERS.supervisor);
    await page.getByRole("link", { name: "SLA board" }).click();
    for (const t of [a, b, gone]) {
      await page.getByRole("checkbox", { name: `Select task for ${t.displayName}` }).check();
    }
    await expect(page.getByRole("region", { name: "Bulk reassign" })).toContainText("3 selected");
    await choose(page, "Reassign selected to", /^Grace Kim/);
    // Another nurse resolves one of them after it was selected.
    await closeTaskDirectly(gone.taskId);
    await page.getByRole("button", { name: "Reassign selected" }).click();
    const results = page.getByRole("table", { name: "Reassign results" });
    await expect(page.getByRole("status").filter({ hasText: "2 reassigned, 1 failed" })).toBeVisible();
    await expect(results.getByRole("row", { name: new RegExp(a.displayName) })).toContainText("Reassigned");
    await expect(results.getByRole("row", { name: new RegExp(b.displayName) })).toContainText("Reassigned");
    await expect(results.getByRole("row", { name: new RegExp(gone.displayName) })).toContainText(
      "already resolved",
    );
    const grace = await taskRow(a.taskId);
    expect((await taskRow(b.taskId)).assigneeId).toBe(grace.assigneeId);
    expect(grace.assigneeId).not.toBeNull();
  });

  test("one-click reassign from a lane card", async ({ page }) => {
    const t = await makeTask({ severity: "ROUTINE", reason: "PATIENT_MESSAGE", dueInMin: 600 });
    await signIn(page, USERS.supervisor);
    await page.getByRole("link", { name: "SLA board" }).click();
    await choose(page, `Reassign task for ${t.displayName}`, /^Luis Ortega/);
    await expect(page.getByRole("status").filter({ hasText: "1 reassigned, 0 failed" })).toBeVisible();
    await expect.poll(async () => (await taskRow(t.taskId)).assigneeId).not.toBeNull();
  });
});
