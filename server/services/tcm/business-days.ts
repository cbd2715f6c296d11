import { TZDate } from "@date-fns/tz";
import { localDate } from "../../lib/local-date.js";

// Calendar arithmetic on ISO dates ("2026-12-03"), in UTC so a daylight-saving change cannot shift
// a day; instants are turned into the hospital's local date first, once.

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

export function isBusinessDay(iso: string, holidays: ReadonlySet<string>): boolean {
  const w = weekday(iso);
  return w !== 0 && w !== 6 && !holidays.has(iso);
}

/** The last instant of a local calendar day (the next local midnight, minus 1 ms). */
export function endOfLocalDay(iso: string, timeZone: string): Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, timeZone).getTime() - 1);
}

/**
 * The end of the n-th business day after the discharge date. CMS counts the days following the
 * discharge (a Friday discharge is due by the end of Tuesday), Monday to Friday except holidays,
 * whatever the practice's hours.
 */
export function businessDayDeadline(
  dischargedAt: Date,
  n: number,
  timeZone: string,
  holidays: ReadonlySet<string>,
): Date {
  let day = localDate(dischargedAt, timeZone);
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isBusinessDay(day, holidays)) counted++;
  }
  return endOfLocalDay(day, timeZone);
}

function nthWeekday(year: number, month: number, wd: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((wd - first + 7) % 7) + (n - 1) * 7;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function lastWeekday(year: number, month: number, wd: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  const back = (last.getUTCDay() - wd + 7) % 7;
  return new Date(Date.UTC(year, month - 1, last.getUTCDate() - back)).toISOString().slice(0, 10);
}

/** A fixed-date holiday on a weekend is observed on the Friday before or the Monday after (5 U.S.C. 6103). */
function observed(iso: string): string {
  const w = weekday(iso);
  return w === 6 ? addDays(iso, -1) : w === 0 ? addDays(iso, 1) : iso;
}

/** The eleven U.S. federal holidays of a year, on their observed dates. */
export function usFederalHolidays(year: number): string[] {
  const fixed = (m: number, d: number) =>
    observed(new Date(Date.UTC(year, m - 1, d)).toISOString().slice(0, 10));
  return [
    fixed(1, 1),
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    lastWeekday(year, 5, 1), // Memorial Day
    fixed(6, 19),
    fixed(7, 4),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    fixed(11, 11),
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    fixed(12, 25),
  ].sort();
}

/**
 * The holidays that matter for a discharge: the configured list when there is one (`TCM_HOLIDAYS`),
 * else the federal holidays of the discharge's year and the next (a late-December discharge's
 * window reaches into January; next New Year's may be observed on 31 December); plus the patient's
 * clinic's own closed days (Clinic.holidays), on which nobody there can make the contact either.
 */
export function holidaysFor(
  dischargedAt: Date,
  configured: readonly string[] | undefined,
  clinic: readonly string[] = [],
): Set<string> {
  if (configured && configured.length > 0) return new Set([...configured, ...clinic]);
  const year = dischargedAt.getUTCFullYear();
  return new Set([...usFederalHolidays(year), ...usFederalHolidays(year + 1), ...clinic]);
}
