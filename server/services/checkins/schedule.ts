import { nextAllowedSendTime } from "../../sms/index.js";

const HOUR = 60 * 60 * 1000;

/** After this many consecutive "all well" check-ins the cadence relaxes. */
export const RELAX_AFTER_WELL = 3;

/**
 * Check-in cadence: the first 24 h after discharge, daily in the first week, every 48 h after,
 * every 72 h once the patient has had three well check-ins in a row. Each slot is moved out of
 * the patient's quiet hours (08:00-21:00 local).
 */
export function slotTime(opts: {
  dischargedAt: Date;
  previous: Date | null;
  consecutiveWell: number;
  timeZone: string;
}): Date {
  let base: Date;
  if (!opts.previous) {
    base = new Date(opts.dischargedAt.getTime() + 24 * HOUR);
  } else {
    const daysSinceDischarge = (opts.previous.getTime() - opts.dischargedAt.getTime()) / (24 * HOUR);
    const gapHours = opts.consecutiveWell >= RELAX_AFTER_WELL ? 72 : daysSinceDischarge < 7 ? 24 : 48;
    base = new Date(opts.previous.getTime() + gapHours * HOUR);
  }
  return nextAllowedSendTime(opts.timeZone, base);
}

/** "day 12 of 30" for live run status. */
export function episodeDay(dischargedAt: Date, at: Date): number {
  return Math.max(1, Math.floor((at.getTime() - dischargedAt.getTime()) / (24 * HOUR)) + 1);
}
