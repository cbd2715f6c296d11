import { TZDate } from "@date-fns/tz";
import { addDays, set } from "date-fns";

// Scheduled outreach only between 08:00 and 21:00 in the patient's own time zone (TCPA-style
// quiet hours); earlier or later it is deferred to the next 08:00 local.
export const QUIET_END_HOUR = 8;
export const QUIET_START_HOUR = 21;

export function isQuietHours(timeZone: string, at: Date): boolean {
  const hour = new TZDate(at.getTime(), timeZone).getHours();
  return hour < QUIET_END_HOUR || hour >= QUIET_START_HOUR;
}

/** `now` itself when sending is allowed, else the next 08:00 in `timeZone`. */
export function nextAllowedSendTime(timeZone: string, now: Date): Date {
  if (!isQuietHours(timeZone, now)) return now;
  const local = new TZDate(now.getTime(), timeZone);
  // TZDate does its arithmetic in the zone, so "08:00 the next day" stays 08:00 across DST changes.
  const day = local.getHours() >= QUIET_START_HOUR ? addDays(local, 1) : local;
  const eight = set(day, { hours: QUIET_END_HOUR, minutes: 0, seconds: 0, milliseconds: 0 });
  return new Date(eight.getTime());
}
