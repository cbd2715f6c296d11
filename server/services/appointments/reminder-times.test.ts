import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { reminderSchedule, reminderSendTime } from "./reminder-times.js";

// Local wall time in `tz` -> instant, and back, so the table reads like a clinic's calendar.
const at = (tz: string, y: number, m: number, d: number, h: number, min = 0) =>
  new Date(new TZDate(y, m - 1, d, h, min, tz).getTime());
const local = (tz: string, date: Date) => {
  const t = new TZDate(date.getTime(), tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
};

const NY = "America/New_York";
const LA = "America/Los_Angeles";
const KOLKATA = "Asia/Kolkata";

describe("reminder send times around quiet hours (21:00-08:00 in the patient's zone)", () => {
  it.each([
    // [what, which, zone, visit (local), expected send (local)]
    ["a 14:00 visit: 2 h before", "2h", NY, [2026, 7, 15, 14], "2026-07-15 12:00"],
    ["a 14:00 visit: 24 h before", "24h", NY, [2026, 7, 15, 14], "2026-07-14 14:00"],
    ["a 9:00 visit: the 2 h reminder at 08:00, not 07:00", "2h", NY, [2026, 7, 15, 9], "2026-07-15 08:00"],
    ["a 6:00 24 h reminder moves to the evening before", "24h", NY, [2026, 7, 15, 6], "2026-07-13 20:30"],
    ["a 9:00 visit's 24 h reminder at 09:00 stays", "24h", NY, [2026, 7, 15, 9], "2026-07-14 09:00"],
    [
      "an 8:15 visit: 08:00 is too close, so the evening before",
      "2h",
      NY,
      [2026, 7, 15, 8, 15],
      "2026-07-14 20:30",
    ],
    [
      "a 23:30 visit: 2 h reminder due 21:30 moves to 20:30",
      "2h",
      NY,
      [2026, 7, 15, 23, 30],
      "2026-07-15 20:30",
    ],
    ["a 22:30 visit: 2 h reminder at 20:30 is allowed", "2h", NY, [2026, 7, 15, 22, 30], "2026-07-15 20:30"],
    ["Los Angeles: its own morning", "2h", LA, [2026, 7, 15, 9], "2026-07-15 08:00"],
    ["Kolkata (UTC+5:30): its own evening", "24h", KOLKATA, [2026, 7, 15, 7], "2026-07-13 20:30"],
    // 2026-03-08: clocks go 02:00 -> 03:00 in New York; 24 h before is 07:00 of the 7th, still quiet.
    ["spring-forward day: 08:00 local stays 08:00", "2h", NY, [2026, 3, 8, 9], "2026-03-08 08:00"],
    [
      "the day after spring-forward: evening before at 20:30 local",
      "24h",
      NY,
      [2026, 3, 9, 7],
      "2026-03-07 20:30",
    ],
    // 2026-11-01: clocks go 02:00 -> 01:00, so 24 real hours before 09:00 is 10:00 the day before.
    ["fall-back day: 08:00 local", "2h", NY, [2026, 11, 1, 9], "2026-11-01 08:00"],
    ["fall-back day: 24 real hours before a 9:00 visit", "24h", NY, [2026, 11, 1, 9], "2026-10-31 10:00"],
    [
      "fall-back day: a 7:00 visit's 24 h reminder (08:00 EDT) is allowed",
      "24h",
      NY,
      [2026, 11, 1, 7],
      "2026-10-31 08:00",
    ],
  ] as const)("%s", (_what, which, tz, v, expected) => {
    const visit = at(tz, v[0], v[1], v[2], v[3], v[4] ?? 0);
    const sent = reminderSendTime(which, visit, tz);
    expect(local(tz, sent)).toBe(expected);
    expect(sent.getTime()).toBeLessThan(visit.getTime());
  });

  it("keeps both reminders in order, or only the nearer one when both land on the same evening", () => {
    const nine = at(NY, 2026, 7, 15, 9);
    expect(reminderSchedule(nine, NY).map((r) => [r.which, local(NY, r.at)])).toEqual([
      ["24h", "2026-07-14 09:00"],
      ["2h", "2026-07-15 08:00"],
    ]);
    // A 00:30 visit: 24 h before is 00:30 (quiet -> 20:30 two evenings before); 2 h before is
    // 22:30 (quiet -> 20:30 the evening before): both kept, in order.
    const late = at(NY, 2026, 7, 16, 0, 30);
    expect(reminderSchedule(late, NY).map((r) => [r.which, local(NY, r.at)])).toEqual([
      ["24h", "2026-07-14 20:30"],
      ["2h", "2026-07-15 20:30"],
    ]);
  });
});
