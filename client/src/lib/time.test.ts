import { describe, expect, it } from "vitest";
import { countdown, humanDuration, spanLength } from "./time";

const NOW = new Date("2026-03-10T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("countdown", () => {
  it.each([
    { offsetMs: 90 * MIN + 20_000, text: "1h 30m", overdue: false },
    { offsetMs: 12 * MIN + 30_000, text: "12m 30s", overdue: false },
    { offsetMs: 59_999, text: "0m 59s", overdue: false },
    { offsetMs: 0, text: "0m 00s", overdue: false },
    { offsetMs: -30 * MIN, text: "−30m 00s", overdue: true },
    { offsetMs: -(2 * HOUR + 5 * MIN), text: "−2h 05m", overdue: true },
    // Past a calendar month the hours still count every day (40 days is 960 h, not "240 h").
    { offsetMs: -(40 * DAY + MIN), text: "−960h 01m", overdue: true },
    { offsetMs: 31 * DAY, text: "744h 00m", overdue: false },
    { offsetMs: -(400 * DAY), text: "−9600h 00m", overdue: true },
  ])("$offsetMs ms from now reads $text", ({ offsetMs, text, overdue }) => {
    expect(countdown(new Date(NOW.getTime() + offsetMs), NOW)).toEqual({ text, overdue });
  });
});

describe("humanDuration", () => {
  it.each([
    { ms: 20_000, text: "less than a minute" },
    { ms: 5 * MIN, text: "5 minutes" },
    { ms: 2 * HOUR + MIN, text: "2 hours 1 minute" },
    { ms: 30 * DAY, text: "30 days" },
    // An episode run can outlast a calendar month: the days keep counting.
    { ms: 32 * DAY + 3 * HOUR, text: "32 days 3 hours" },
  ])("$ms ms reads $text", ({ ms, text }) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe("spanLength", () => {
  it.each([
    { ms: 0.4, text: "0 ms" },
    { ms: 38.6, text: "39 ms" },
    { ms: 999.4, text: "999 ms" },
    { ms: 1_000, text: "1.0 s" },
    { ms: 12_340, text: "12.3 s" },
    { ms: 90_000, text: "1 minute" },
    { ms: DAY + 2 * HOUR, text: "1 day 2 hours" },
  ])("$ms ms -> $text", ({ ms, text }) => {
    expect(spanLength(ms)).toBe(text);
  });
});
