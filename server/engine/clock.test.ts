import { describe, expect, it } from "vitest";
import { realNow, shiftProcessClock } from "./core/clock.js";
import { parsePeriodMs, resolveDate } from "./core/ids.js";

describe("process clock shift", () => {
  it("moves Date.now and new Date() but keeps Date semantics", () => {
    const before = new Date("2026-01-01T00:00:00.000Z");
    shiftProcessClock(5 * 86_400_000);
    try {
      expect(Date.now() - realNow()).toBeGreaterThanOrEqual(5 * 86_400_000 - 5);
      // biome-ignore lint/complexity/useDateNow: the constructor path is what is under test
      expect(new Date().getTime() - realNow()).toBeGreaterThanOrEqual(5 * 86_400_000 - 5);
      expect(new Date(0).getTime()).toBe(0);
      expect(before instanceof Date).toBe(true);
      expect(new Date() instanceof Date).toBe(true);
      expect(Date.UTC(2026, 0, 1)).toBe(before.getTime());
      expect(Date.parse("2026-01-01T00:00:00.000Z")).toBe(before.getTime());
      expect(typeof Date()).toBe("string");
      expect(Object.prototype.toString.call(new Date())).toBe("[object Date]");
      // Every constructor form, and a subclass (its own prototype, the shifted time when argless).
      expect(new Date(2026, 0, 1, 12, 30).getHours()).toBe(12);
      expect(new Date("2026-01-01T00:00:00.000Z").getTime()).toBe(before.getTime());
      expect(new Date(before).getTime()).toBe(before.getTime());
      expect(Number.isNaN(new Date(Number.NaN).getTime())).toBe(true);
      expect(Object.getPrototypeOf(new Date())).toBe(Date.prototype);
      class Stamp extends Date {
        label() {
          return `at ${this.getTime()}`;
        }
      }
      const stamp = new Stamp();
      expect(stamp).toBeInstanceOf(Stamp);
      expect(stamp).toBeInstanceOf(Date);
      expect(stamp.getTime() - realNow()).toBeGreaterThanOrEqual(5 * 86_400_000 - 5);
      expect(new Stamp(0).label()).toBe("at 0");
    } finally {
      shiftProcessClock(0);
    }
    expect(Math.abs(Date.now() - realNow())).toBeLessThan(5);
  });

  it("builds the shifted Date on the host's injected wall clock (no global hand-off)", () => {
    const wall = () => 1_000_000;
    shiftProcessClock(500, wall);
    try {
      expect(Date.now()).toBe(1_000_500);
      // biome-ignore lint/complexity/useDateNow: the constructor path is what is under test
      expect(new Date().getTime()).toBe(1_000_500);
      expect(wall()).toBe(1_000_000);
      expect(Object.getOwnPropertySymbols(globalThis).map(String)).not.toContain(
        "Symbol(sequora.wallClockNow)",
      );
    } finally {
      shiftProcessClock(0, realNow);
    }
    expect(Math.abs(Date.now() - realNow())).toBeLessThan(5);
  });
});

describe("periods", () => {
  it("parses the SDK's period strings", () => {
    expect(parsePeriodMs("10s")).toBe(10_000);
    expect(parsePeriodMs("2h")).toBe(7_200_000);
    expect(parsePeriodMs("1w")).toBe(604_800_000);
    expect(parsePeriodMs("soon")).toBeUndefined();
    expect(resolveDate("1m", 1000)?.getTime()).toBe(61_000);
    expect(resolveDate("2026-02-03T00:00:00Z", 0)?.toISOString()).toBe("2026-02-03T00:00:00.000Z");
    expect(resolveDate("garbage", 0)).toBeUndefined();
  });
});
