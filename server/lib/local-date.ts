const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in a time zone, as an ISO date ("2026-12-25"). */
export function localDate(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}
