import { describe, expect, it } from "vitest";
import { addBusinessHours } from "./business-hours.js";

const NY = { timeZone: "America/New_York", holidays: ["2026-12-25"] };
const at = (iso: string) => new Date(iso);

describe("addBusinessHours", () => {
  it("inside a business day", () => {
    // Tuesday 10:00 New York (15:00Z) + 4 h = 14:00 local
    expect(addBusinessHours(at("2026-12-08T15:00:00Z"), 4, NY).toISOString()).toBe(
      "2026-12-08T19:00:00.000Z",
    );
  });
  it("carries over the evening into the next morning", () => {
    // Tuesday 15:00 local + 4 h: 2 h today, 2 h Wednesday from 08:00 -> 10:00 local
    expect(addBusinessHours(at("2026-12-08T20:00:00Z"), 4, NY).toISOString()).toBe(
      "2026-12-09T15:00:00.000Z",
    );
  });
  it("skips the weekend and holidays", () => {
    // Friday 18:00 local -> Monday 12:00 local
    expect(addBusinessHours(at("2026-12-11T23:00:00Z"), 4, NY).toISOString()).toBe(
      "2026-12-14T17:00:00.000Z",
    );
    // Thursday 2026-12-24 16:00 local: 1 h, Friday is a holiday, then Monday 08:00 + 3 h
    expect(addBusinessHours(at("2026-12-24T21:00:00Z"), 4, NY).toISOString()).toBe(
      "2026-12-28T16:00:00.000Z",
    );
  });
  it("early morning starts at opening", () => {
    expect(addBusinessHours(at("2026-12-08T07:00:00Z"), 1, NY).toISOString()).toBe(
      "2026-12-08T14:00:00.000Z",
    );
  });
});
