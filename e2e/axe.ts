import { appendFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** WCAG 2.0 and 2.1, levels A and AA: what Section 508 buyers check. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface ViewViolations {
  view: string;
  scheme: string;
  byRule: Record<string, { impact: string; nodes: number }>;
}

/**
 * Runs axe-core on the page as it is now and records every violation by rule (attached to the
 * report, and appended to AXE_REPORT when set, for before/after figures). Returns the serious and
 * critical ones, which the journey fails on.
 */
export async function axeView(page: Page, testInfo: TestInfo, view: string, scheme: string) {
  // Mantine's transitions (menus, modals) fade in; a half-faded text is not what a reader sees.
  await page.waitForTimeout(250);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const byRule: ViewViolations["byRule"] = {};
  for (const v of result.violations) byRule[v.id] = { impact: v.impact ?? "unknown", nodes: v.nodes.length };
  const record: ViewViolations = { view, scheme, byRule };
  await testInfo.attach(`axe ${scheme} ${view}`, {
    body: JSON.stringify(result.violations, null, 2),
    contentType: "application/json",
  });
  if (process.env.AXE_REPORT) appendFileSync(process.env.AXE_REPORT, `${JSON.stringify(record)}\n`);
  if (process.env.AXE_DETAIL)
    for (const v of result.violations)
      for (const n of v.nodes)
        appendFileSync(
          process.env.AXE_DETAIL,
          `${JSON.stringify({ view, scheme, rule: v.id, target: n.target, html: n.html.slice(0, 160), data: n.any[0]?.data })}\n`,
        );
  const blocking = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      targets: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`),
    }));
  return blocking;
}

/** Soft-asserts no serious/critical violation so one journey reports every view at once. */
export async function expectAccessible(page: Page, testInfo: TestInfo, view: string, scheme: string) {
  const blocking = await axeView(page, testInfo, view, scheme);
  expect.soft(blocking, `${view} (${scheme}): serious or critical axe violations`).toEqual([]);
}
