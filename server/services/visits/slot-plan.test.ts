import { describe, expect, it } from "vitest";
import { localDate } from "../../lib/local-date.js";
import { planSlots, type WeeklyRule } from "./slot-plan.js";

const NY = "America/New_York";
const morning: WeeklyRule = {
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 11 * 60,
  slotMinutes: 30,
  bufferMinutes: 10,
};
const iso = (d: Date) => d.toISOString();

describe("planSlots", () => {
  it("lays slots with the buffer between them on the rule's weekdays only", () => {
    // Monday 2026-12-07 .. Sunday 2026-12-13 (New York, UTC-5 in December)
    const slots = planSlots({
      rules: [morning],
      daysOff: [],
      timeZone: NY,
      from: new Date("2026-12-07T05:00:00Z"),
      to: new Date("2026-12-14T05:00:00Z"),
    });
    // 09:00, 09:40, 10:20 (11:00 would end past the rule's end) x 5 weekdays
    expect(slots).toHaveLength(15);
    expect(slots.slice(0, 3).map((s) => iso(s.startsAt))).toEqual([
      "2026-12-07T14:00:00.000Z",
      "2026-12-07T14:40:00.000Z",
      "2026-12-07T15:20:00.000Z",
    ]);
    expect(iso(slots[0]!.endsAt)).toBe("2026-12-07T14:30:00.000Z");
    expect(
      slots.every((s) => ![0, 6].includes(new Date(s.startsAt.getTime() - 5 * 3_600_000).getUTCDay())),
    ).toBe(true);
  });

  it("skips holidays and days off, and slots before `from`", () => {
    const slots = planSlots({
      rules: [morning],
      daysOff: ["2026-12-08", "2026-12-09"],
      timeZone: NY,
      from: new Date("2026-12-07T14:30:00Z"),
      to: new Date("2026-12-10T05:00:00Z"),
    });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-12-07T14:40:00.000Z",
      "2026-12-07T15:20:00.000Z",
    ]);
  });

  it("keeps 09:00 local across the daylight-saving change", () => {
    // US DST ends Sunday 2026-11-01
    const slots = planSlots({
      rules: [{ ...morning, endMinute: 9 * 60 + 30 }],
      daysOff: [],
      timeZone: NY,
      from: new Date("2026-10-30T00:00:00Z"),
      to: new Date("2026-11-03T00:00:00Z"),
    });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-10-30T13:00:00.000Z",
      "2026-11-02T14:00:00.000Z",
    ]);
  });

  it("in another zone, and overlapping rules never overlap slots", () => {
    const slots = planSlots({
      rules: [
        { weekdays: [1], startMinute: 600, endMinute: 660, slotMinutes: 60, bufferMinutes: 0 },
        { weekdays: [1], startMinute: 630, endMinute: 720, slotMinutes: 30, bufferMinutes: 0 },
      ],
      daysOff: [],
      timeZone: "America/Los_Angeles",
      from: new Date("2026-12-07T00:00:00Z"),
      to: new Date("2026-12-08T12:00:00Z"),
    });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-12-07T18:00:00.000Z",
      "2026-12-07T19:00:00.000Z",
      "2026-12-07T19:30:00.000Z",
    ]);
    expect(localDate(slots[0]!.startsAt, "America/Los_Angeles")).toBe("2026-12-07");
  });
});
