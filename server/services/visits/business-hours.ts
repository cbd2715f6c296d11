import { TZDate } from "@date-fns/tz";

// A clinic's business hours for request deadlines: Monday to Friday, 08:00 to 17:00 local, except
// its holidays. A request made on Friday evening is due Monday morning, not Saturday.
const OPEN_MIN = 8 * 60;
const CLOSE_MIN = 17 * 60;
const pad = (n: number) => String(n).padStart(2, "0");

function isBusinessDay(d: TZDate, holidays: Set<string>): boolean {
  const day = d.getDay();
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return day !== 0 && day !== 6 && !holidays.has(date);
}

/** `start` plus `hours` of the clinic's business time, in its zone. */
export function addBusinessHours(
  start: Date,
  hours: number,
  clinic: { timeZone: string; holidays: string[] },
): Date {
  const holidays = new Set(clinic.holidays);
  let left = hours * 60;
  let t = new TZDate(start.getTime(), clinic.timeZone);
  for (let guard = 0; guard < 400; guard++) {
    const minute = t.getHours() * 60 + t.getMinutes();
    const dayStart = new TZDate(t.getFullYear(), t.getMonth(), t.getDate(), 8, 0, 0, clinic.timeZone);
    if (!isBusinessDay(t, holidays) || minute >= CLOSE_MIN) {
      t = new TZDate(t.getFullYear(), t.getMonth(), t.getDate() + 1, 8, 0, 0, clinic.timeZone);
      continue;
    }
    if (minute < OPEN_MIN) t = dayStart;
    const from = t.getHours() * 60 + t.getMinutes();
    const available = CLOSE_MIN - from;
    if (left <= available) return new Date(t.getTime() + left * 60_000);
    left -= available;
    t = new TZDate(t.getFullYear(), t.getMonth(), t.getDate() + 1, 8, 0, 0, clinic.timeZone);
  }
  return new Date(t.getTime());
}
