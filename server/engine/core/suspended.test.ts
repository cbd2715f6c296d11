import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_SUSPENDED, maxSuspendedFromEnv, suspendedShare } from "./suspended.js";

describe("the suspended-attempt bound", () => {
  it.each([
    [undefined, DEFAULT_MAX_SUSPENDED],
    ["", DEFAULT_MAX_SUSPENDED],
    ["  ", DEFAULT_MAX_SUSPENDED],
    ["0", 0],
    ["500", 500],
    [" 1000 ", 1000],
  ])("ENGINE_MAX_SUSPENDED=%j gives %i for the process", (raw, expected) => {
    expect(maxSuspendedFromEnv(raw === undefined ? {} : { ENGINE_MAX_SUSPENDED: raw })).toBe(expected);
  });

  it.each(["-1", "1.5", "lots", "2e3"])("refuses ENGINE_MAX_SUSPENDED=%j with a clear error", (raw) => {
    expect(() => maxSuspendedFromEnv({ ENGINE_MAX_SUSPENDED: raw })).toThrow(
      /ENGINE_MAX_SUSPENDED must be a whole number/,
    );
  });

  it.each([
    [2_000, 0, 2_000],
    [2_000, 1, 2_000],
    [2_000, 2, 1_000],
    [2_000, 3, 666],
    [1, 2, 0],
    [0, 2, 0],
  ])("%i for the process over %i executor threads is %i each", (total, threads, each) => {
    expect(suspendedShare(total, threads)).toBe(each);
    expect(each * Math.max(1, threads)).toBeLessThanOrEqual(total);
  });
});
