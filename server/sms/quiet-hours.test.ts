import { describe, expect, it } from "vitest";
import { isQuietHours, nextAllowedSendTime } from "./quiet-hours.js";

const NY = "America/New_York";

describe("quiet hours", () => {
  it("allows 08:00 to 20:59 local and defers the rest", () => {
    // 2026-07-15 is EDT (UTC-4).
    expect(isQuietHours(NY, new Date("2026-07-15T11:59:59Z"))).toBe(true); // 07:59:59
    expect(isQuietHours(NY, new Date("2026-07-15T12:00:00Z"))).toBe(false); // 08:00
    expect(isQuietHours(NY, new Date("2026-07-16T00:59:59Z"))).toBe(false); // 20:59:59
    expect(isQuietHours(NY, new Date("2026-07-16T01:00:00Z"))).toBe(true); // 21:00
  });

  it("returns now unchanged when sending is allowed", () => {
    const now = new Date("2026-07-15T15:30:00Z");
    expect(nextAllowedSendTime(NY, now)).toEqual(now);
  });

  it("defers an early-morning text to 08:00 the same local day", () => {
    expect(nextAllowedSendTime(NY, new Date("2026-07-15T09:00:00Z"))).toEqual(
      new Date("2026-07-15T12:00:00Z"),
    );
  });

  it("defers a late-evening text to 08:00 the next local day", () => {
    expect(nextAllowedSendTime(NY, new Date("2026-07-16T02:30:00Z"))).toEqual(
      new Date("2026-07-16T12:00:00Z"),
    );
  });

  it("uses the patient's zone, not the server's", () => {
    const now = new Date("2026-07-15T13:00:00Z"); // 09:00 New York, 06:00 Los Angeles
    expect(nextAllowedSendTime(NY, now)).toEqual(now);
    expect(nextAllowedSendTime("America/Los_Angeles", now)).toEqual(new Date("2026-07-15T15:00:00Z"));
    expect(nextAllowedSendTime("Asia/Kolkata", now)).toEqual(now); // 18:30 IST
    expect(nextAllowedSendTime("Asia/Tokyo", now)).toEqual(new Date("2026-07-15T23:00:00Z")); // 22:00 JST
  });

  it("lands on 08:00 local across the spring-forward change", () => {
    // 2026-03-08 02:00 EST -> 03:00 EDT. 22:00 EST on the 7th defers to 08:00 EDT on the 8th.
    const sat22 = new Date("2026-03-08T03:00:00Z");
    expect(nextAllowedSendTime(NY, sat22)).toEqual(new Date("2026-03-08T12:00:00Z"));
    // 02:30 does not exist that night; 07:30 EDT (11:30Z) defers to 08:00 EDT.
    expect(nextAllowedSendTime(NY, new Date("2026-03-08T11:30:00Z"))).toEqual(
      new Date("2026-03-08T12:00:00Z"),
    );
  });

  it("lands on 08:00 local across the fall-back change", () => {
    // 2026-11-01 02:00 EDT -> 01:00 EST. 21:30 EDT on Oct 31 defers to 08:00 EST (13:00Z).
    expect(nextAllowedSendTime(NY, new Date("2026-11-01T01:30:00Z"))).toEqual(
      new Date("2026-11-01T13:00:00Z"),
    );
    // 01:30 happens twice; both defer to the same 08:00 EST.
    expect(nextAllowedSendTime(NY, new Date("2026-11-01T05:30:00Z"))).toEqual(
      new Date("2026-11-01T13:00:00Z"),
    );
    expect(nextAllowedSendTime(NY, new Date("2026-11-01T06:30:00Z"))).toEqual(
      new Date("2026-11-01T13:00:00Z"),
    );
  });

  it("handles a southern-hemisphere DST change (Sydney, April)", () => {
    // 2026-04-05 03:00 AEDT -> 02:00 AEST. 22:00 AEDT on Apr 4 (11:00Z) -> 08:00 AEST on Apr 5 (22:00Z Apr 4).
    expect(nextAllowedSendTime("Australia/Sydney", new Date("2026-04-04T11:00:00Z"))).toEqual(
      new Date("2026-04-04T22:00:00Z"),
    );
  });

  it("is idempotent: the deferred time is itself allowed", () => {
    for (let h = 0; h < 48; h++) {
      const t = new Date(Date.UTC(2026, 2, 7, h, 17));
      const next = nextAllowedSendTime(NY, t);
      expect(isQuietHours(NY, next)).toBe(false);
      expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
      expect(next.getTime() - t.getTime()).toBeLessThanOrEqual(11 * 3_600_000);
    }
  });
});
