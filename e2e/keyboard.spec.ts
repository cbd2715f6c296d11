import { expect, type Page, test } from "@playwright/test";
import { DEMO_PASSWORD, dueBeforeEveryOpenTask, makeTask, taskRow, USERS } from "./fixtures";

/**
 * A nurse's and a supervisor's work done with the keyboard alone: only key presses reach the page
 * (the test reads what has the focus, as a sighted keyboard user would see it, but never clicks).
 */

/** The focused element's accessible name, roughly: aria-label, its <label>, or its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return "";
    const name = el.getAttribute("aria-label") ?? el.labels?.[0]?.textContent ?? el.textContent ?? "";
    // A required field's label ends with Mantine's asterisk.
    return name
      .replace(/\s+\*$/, "")
      .trim()
      .slice(0, 80);
  });
}

/** Presses Tab (or Shift+Tab) until the focus is on the control named `name`. */
async function tabTo(page: Page, name: string | RegExp, opts: { back?: boolean; max?: number } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < (opts.max ?? 400); i++) {
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
    const now = await focusedName(page);
    if (typeof name === "string" ? now === name : name.test(now)) return;
    seen.push(now);
  }
  throw new Error(`never reached ${name} with the keyboard; passed ${seen.slice(-8).join(" | ")}`);
}

/** The focused control shows a focus indicator (an outline or a ring), not just the browser default off. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle, width: Number.parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  expect(style.outline !== "none" && style.width >= 1 ? true : style.shadow !== "none").toBe(true);
}

async function signInWithKeys(page: Page, email: string): Promise<void> {
  await page.goto("/");
  await expect(page.getByLabel("Email")).toBeVisible();
  await tabTo(page, "Email");
  await expectVisibleFocus(page);
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
}

test.describe("keyboard only", () => {
  // Tabbing through a full board is many key presses on a busy machine.
  test.describe.configure({ timeout: 150_000 });

  test("nurse: queue, open, claim, note with contact, resolve with a disposition", async ({ page }) => {
    // Breached for 40 days at least: it heads the queue whatever other journeys left open.
    const task = await makeTask({
      severity: "URGENT",
      dueInMin: await dueBeforeEveryOpenTask(-40 * 24 * 60),
    });
    await signInWithKeys(page, USERS.nurse);
    const rows = page
      .getByRole("table", { name: "Open tasks sorted by SLA due time" })
      .getByTestId("queue-row");
    await expect(rows.first()).toContainText(task.displayName);
    await page.keyboard.press("j");
    await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("k");
    await expect(rows.first()).toHaveAttribute("aria-selected", "true");

    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help.getByRole("table", { name: "Task queue shortcuts" })).toContainText(
      "Claim the selected task",
    );
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();

    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "Task summary" })).toBeVisible();
    await page.keyboard.press("c");
    await expect(page.getByRole("alert").filter({ hasText: "The task is yours" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Task summary" })).toContainText("Assignee: Ana Brooks");

    await page.keyboard.press("n");
    const note = page.getByRole("dialog", { name: "Add note" });
    await expect(note.getByLabel("Note")).toBeFocused();
    await page.keyboard.type("Called the patient; weight steady, taking the diuretic.");
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    await expect(note.getByLabel(/Documented contact/)).toBeChecked();
    await tabTo(page, "Save note");
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await expect(note).toBeHidden();
    await expect(page.getByLabel("SLA clock stopped")).toBeVisible();

    await page.keyboard.press("d");
    const resolve = page.getByRole("dialog", { name: "Resolve task" });
    await expect(resolve.getByRole("combobox", { name: "Disposition" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    for (let i = 0; i < 10; i++) {
      if ((await resolve.getByRole("combobox", { name: "Disposition" }).inputValue()) === "Advice given")
        break;
      await page.keyboard.press("ArrowDown");
      if (
        (await page.getByRole("option", { name: "Advice given" }).getAttribute("data-combobox-selected")) !==
        null
      ) {
        await page.keyboard.press("Enter");
      }
    }
    await expect(resolve.getByRole("combobox", { name: "Disposition" })).toHaveValue("Advice given");
    await tabTo(page, "Resolve");
    await page.keyboard.press("Enter");
    await expect(resolve).toBeHidden();
    await expect(page.getByRole("region", { name: "Task summary" })).toContainText(
      "Disposition: Advice given",
    );
    expect(await taskRow(task.taskId)).toMatchObject({ status: "RESOLVED", disposition: "ADVICE_GIVEN" });
  });

  test("nurse: a claim made by mistake is undone with u within a few seconds", async ({ page }) => {
    const task = await makeTask({ severity: "URGENT", dueInMin: -40 * 24 * 60 - 5 });
    await signInWithKeys(page, USERS.nurse);
    await page.goto(`/tasks/${task.taskId}`);
    await expect(page.getByRole("button", { name: "Claim" })).toBeVisible();
    await page.keyboard.press("c");
    await expect(page.getByRole("alert").filter({ hasText: "The task is yours" })).toBeVisible();
    await page.keyboard.press("u");
    await expect(page.getByRole("alert").filter({ hasText: "Claim undone" })).toBeVisible();
    await expect.poll(async () => (await taskRow(task.taskId)).status).toBe("OPEN");
    await expect(page.getByRole("region", { name: "Task history and notes" })).toContainText(
      "claimed by mistake",
    );
  });

  test("supervisor: select several tasks on the board and reassign them", async ({ page }) => {
    const a = await makeTask({ severity: "URGENT", dueInMin: -41 * 24 * 60 });
    const b = await makeTask({ severity: "URGENT", dueInMin: -41 * 24 * 60 + 1 });
    await signInWithKeys(page, USERS.supervisor);
    await tabTo(page, "SLA board");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "SLA board" })).toBeVisible();
    for (const t of [a, b]) {
      await tabTo(page, `Select task for ${t.displayName}`);
      await expectVisibleFocus(page);
      await page.keyboard.press("Space");
      await expect(page.getByRole("checkbox", { name: `Select task for ${t.displayName}` })).toBeChecked();
    }
    const bulk = page.getByRole("region", { name: "Bulk reassign" });
    await expect(bulk).toContainText("2 selected");
    await tabTo(page, "Reassign selected to", { back: true });
    await page.keyboard.type("Grace");
    // The filtered list must be open before the arrow key can move into it.
    await expect(page.getByRole("option", { name: /^Grace Kim/ })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(bulk.getByRole("combobox", { name: "Reassign selected to" })).toHaveValue(/^Grace Kim/);
    await tabTo(page, "Reassign selected");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "2 reassigned, 0 failed" })).toBeVisible();
    expect((await taskRow(a.taskId)).assigneeId).toBe((await taskRow(b.taskId)).assigneeId);
  });

  test("the dark scheme is switched from the header and remembered after a reload", async ({ page }) => {
    await signInWithKeys(page, USERS.nurse);
    const scheme = () => page.locator("html").getAttribute("data-mantine-color-scheme");
    await tabTo(page, /^Colour scheme/);
    // System -> Light -> Dark.
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: /^Colour scheme: Light/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect.poll(scheme).toBe("dark");
    await page.reload();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    expect(await scheme()).toBe("dark");
    await expect(page.getByRole("button", { name: /^Colour scheme: Dark/ })).toBeVisible();
  });
});
