import { TZDate } from "@date-fns/tz";

/** A weekly block of bookable time, in minutes after local midnight in the clinic's zone. */
export interface WeeklyRule {
  /** 0 = Sunday ... 6 = Saturday. */
  weekdays: number[];
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
  bufferMinutes: number;
}

export interface PlannedSlot {
  startsAt: Date;
  endsAt: Date;
}

export interface PlanInput {
  rules: WeeklyRule[];
  /** Local dates ("2026-12-25") with no slots: the clinic's holidays and the clinician's days off. */
  daysOff: string[];
  timeZone: string;
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The slots a clinician's weekly rules give between `from` and `to`. Times are built in the
 * clinic's zone, so a 09:00 slot stays 09:00 local across a daylight-saving change. Overlapping
 * rules never give overlapping slots: the earlier slot wins.
 */
export function planSlots(input: PlanInput): PlannedSlot[] {
  const off = new Set(input.daysOff);
  const out: PlannedSlot[] = [];
  const first = new TZDate(input.from.getTime(), input.timeZone);
  // Walk local calendar days; noon avoids landing on the wrong day around DST jumps.
  let day = new TZDate(first.getFullYear(), first.getMonth(), first.getDate(), 12, 0, 0, input.timeZone);
  while (day.getTime() - DAY_MS < input.to.getTime()) {
    const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
    if (!off.has(date)) {
      for (const rule of input.rules) {
        if (!rule.weekdays.includes(day.getDay())) continue;
        const step = rule.slotMinutes + rule.bufferMinutes;
        for (let m = rule.startMinute; m + rule.slotMinutes <= rule.endMinute; m += step) {
          const startsAt = new TZDate(
            day.getFullYear(),
            day.getMonth(),
            day.getDate(),
            Math.floor(m / 60),
            m % 60,
            0,
            input.timeZone,
          );
          const start = new Date(startsAt.getTime());
          if (start < input.from || start >= input.to) continue;
          out.push({ startsAt: start, endsAt: new Date(start.getTime() + rule.slotMinutes * 60_000) });
        }
      }
    }
    day = new TZDate(day.getFullYear(), day.getMonth(), day.getDate() + 1, 12, 0, 0, input.timeZone);
  }
  out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const kept: PlannedSlot[] = [];
  for (const s of out) {
    const last = kept.at(-1);
    if (!last || s.startsAt >= last.endsAt) kept.push(s);
  }
  return kept;
}

/** Whether two time ranges overlap (touching ends do not). */
export const overlaps = (a: PlannedSlot, b: PlannedSlot) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
