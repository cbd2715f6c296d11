import type { SEVERITIES, WeekFigures } from "./weekly-figures.js";

export interface WeeklyFigures {
  week: string;
  timeZone: string;
  current: WeekFigures;
  previous: WeekFigures;
}

type Sev = (typeof SEVERITIES)[number];

/** "+3", "−2", "no change"; `unit` " pts" for percentages. A missing side gives no comparison. */
export function delta(now: number | null, before: number | null, unit = ""): string {
  if (now === null || before === null) return "no comparison";
  const d = Math.round((now - before) * 10) / 10;
  if (d === 0) return "no change";
  return `${d > 0 ? "+" : "−"}${Math.abs(d)}${unit}`;
}

export function minutesText(min: number | null): string {
  if (min === null) return "–";
  if (min < 90) return `${Math.round(min)} min`;
  return `${Math.round((min / 60) * 10) / 10} h`;
}

const pctText = (p: number | null) => (p === null ? "–" : `${p}%`);

/** The e-mail's subject and plain-text body: counts, rates and staff names, never a patient detail. */
export function renderWeeklyEmail(f: WeeklyFigures, link: string | null): { subject: string; text: string } {
  const c = f.current;
  const p = f.previous;
  const vs = (now: number, before: number) => `${now} (${delta(now, before)} vs the week before)`;
  const sev = (fn: (s: Sev) => string) => (["EMERGENT", "URGENT", "ROUTINE"] as const).map(fn).join(", ");
  const lines = [
    `Sequora weekly summary: the week starting Monday ${f.week} (${f.timeZone})`,
    "",
    "Patients",
    `  Enrolled: ${vs(c.patients.enrolled, p.patients.enrolled)}`,
    `  Active at the week's end: ${vs(c.patients.active, p.patients.active)}`,
    `  Completed 30 days: ${vs(c.patients.completed, p.patients.completed)}`,
    `  Closed early: ${c.patients.closedEarly}`,
    `  Opted out: ${vs(c.patients.optedOut, p.patients.optedOut)}`,
    "",
    `Check-in response rate: ${pctText(c.checkIns.responseRate)} (${delta(c.checkIns.responseRate, p.checkIns.responseRate, " pts")}); ${c.checkIns.answered} answered, ${c.checkIns.missed} missed`,
    "",
    `Tasks: ${vs(c.tasks.total, p.tasks.total)}`,
    `  By severity: ${sev((s) => `${s} ${c.tasks.bySeverity[s]}`)}`,
    `  By reason: ${c.tasks.byReason.map((r) => `${r.reason} ${r.count}`).join(", ") || "none"}`,
    `Handled within SLA: ${pctText(c.sla.percent)} (${delta(c.sla.percent, p.sla.percent, " pts")})`,
    `  ${c.sla.bySeverity.map((r) => `${r.severity} ${pctText(r.percent)} (${r.within}/${r.total})`).join(", ")}`,
    `Median time to first contact: ${sev((s) => `${s} ${minutesText(c.firstContactMinutes[s])}`)}`,
    `SLA breaches by nurse: ${c.breachesByNurse.map((b) => `${b.nurse} ${b.count}`).join(", ") || "none"}`,
    "",
    c.returns.known
      ? `Hospital returns: ${c.returns.readmissions} readmissions (${delta(c.returns.readmissions, p.returns.readmissions)}), ${c.returns.edReturns} ED returns (${delta(c.returns.edReturns, p.returns.edReturns)})`
      : "Hospital returns: not known (no hospital feed messages yet)",
  ];
  if (link) lines.push("", `Charts and the full summary: ${link}`);
  return { subject: `Sequora weekly summary, week of ${f.week}`, text: lines.join("\n") };
}
