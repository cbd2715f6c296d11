import { TZDate } from "@date-fns/tz";
import { addDays, set } from "date-fns";
import { isQuietHours, QUIET_END_HOUR, QUIET_START_HOUR } from "../../sms/quiet-hours.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

// The latest a moved reminder is planned for: half an hour before quiet hours start, so a run
// that wakes a little late still sends before 21:00 instead of being held until the morning.
const LAST_SEND_MINUTES_BEFORE_QUIET = 30;
// A 2 h reminder moved to 08:00 must still leave the patient this long before the visit.
const MIN_LEAD_MS = 30 * MINUTE;

export type ReminderKind = "24h" | "2h";

/** The evening's last planned send time (20:30 local) on the local day of `local`. */
function lastSendOf(local: TZDate): Date {
  const at = set(local, {
    hours: QUIET_START_HOUR,
    minutes: 0,
    seconds: 0,
    milliseconds: 0,
  });
  return new Date(at.getTime() - LAST_SEND_MINUTES_BEFORE_QUIET * MINUTE);
}

/**
 * When a reminder goes out, in the patient's time zone. Outside quiet hours, exactly 24 h / 2 h
 * before. Inside them it moves earlier, to the evening before the quiet period (a 24 h reminder
 * due at 06:00 goes the evening before), except that a 2 h reminder due in the early morning goes
 * at 08:00 when that is still well before the visit (a 9:00 visit: 08:00, not 07:00). Never after
 * the visit. Date arithmetic happens in the zone, so DST days keep local 08:00 and 20:30.
 */
export function reminderSendTime(which: ReminderKind, visitAt: Date, timeZone: string): Date {
  const target = new Date(visitAt.getTime() - (which === "24h" ? 24 : 2) * HOUR);
  if (!isQuietHours(timeZone, target)) return target;
  const local = new TZDate(target.getTime(), timeZone);
  const morning = local.getHours() < QUIET_END_HOUR;
  if (which === "2h" && morning) {
    const eight = set(local, { hours: QUIET_END_HOUR, minutes: 0, seconds: 0, milliseconds: 0 });
    if (eight.getTime() <= visitAt.getTime() - MIN_LEAD_MS) return new Date(eight.getTime());
  }
  // Quiet hours that began the evening before (early morning) or this evening (late night).
  return lastSendOf(morning ? addDays(local, -1) : local);
}

/** Both reminders of a visit, in order, each strictly before the visit and the next one. */
export function reminderSchedule(visitAt: Date, timeZone: string): { which: ReminderKind; at: Date }[] {
  const at24 = reminderSendTime("24h", visitAt, timeZone);
  const at2 = reminderSendTime("2h", visitAt, timeZone);
  // A late-night visit can move both to the same evening: then only the nearer reminder goes.
  if (at2.getTime() <= at24.getTime()) return [{ which: "2h", at: at2 }];
  return [
    { which: "24h", at: at24 },
    { which: "2h", at: at2 },
  ];
}
