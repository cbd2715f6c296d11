import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The zone the programme's weeks and the Monday summary follow unless HOSPITAL_TIME_ZONE says otherwise. */
export const DEFAULT_HOSPITAL_TIME_ZONE = "America/New_York";

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The hospital's time zone. Read from the environment (not the HTTP server's config) because the
 * scheduled task also runs in Trigger.dev's workers; server/config validates it at start-up.
 */
export function hospitalTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const tz = env.HOSPITAL_TIME_ZONE?.trim();
  return tz && isTimeZone(tz) ? tz : DEFAULT_HOSPITAL_TIME_ZONE;
}

export interface Week {
  /** The Monday the week starts on, as a local date ("2026-11-23"): the summary's key. */
  week: string;
  start: Date;
  end: Date;
}

/** The week (Monday 00:00 to the next Monday 00:00, local) that starts on local date `week`. */
export function weekOf(week: string, timeZone: string): Week {
  const [y, m, d] = week.split("-").map(Number) as [number, number, number];
  // Built field by field in the zone, so a DST change inside the week gives a 167 or 169 h week.
  const start = new TZDate(y, m - 1, d, 0, 0, 0, timeZone);
  const end = new TZDate(y, m - 1, d + 7, 0, 0, 0, timeZone);
  return { week, start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** The last full week before `at`: the one a summary sent at `at` (Monday 08:00) reports on. */
export function lastFullWeek(at: Date, timeZone: string): Week {
  const local = new TZDate(at.getTime(), timeZone);
  const sinceMonday = (local.getDay() + 6) % 7;
  const start = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() - sinceMonday - 7,
    timeZone,
  );
  return weekOf(format(start, "yyyy-MM-dd"), timeZone);
}

/** The week before `week`. */
export function previousWeek(week: Week, timeZone: string): Week {
  const local = new TZDate(week.start.getTime(), timeZone);
  const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - 7, timeZone);
  return weekOf(format(start, "yyyy-MM-dd"), timeZone);
}
