import { describe, expect, it } from "vitest";
import { executorThreadsFromEnv, wholeNumberFromEnv } from "./env.js";

describe("the engine's numeric settings", () => {
  const setting = { fallback: 7, min: 1, max: 100, meaning: "1: one at a time" };

  it.each([
    [undefined, 7],
    ["", 7],
    ["   ", 7],
    ["1", 1],
    [" 42 ", 42],
    ["100", 100],
    ["007", 7],
  ])("ENGINE_X=%j gives %i", (raw, expected) => {
    expect(wholeNumberFromEnv(raw === undefined ? {} : { ENGINE_X: raw }, "ENGINE_X", setting)).toBe(
      expected,
    );
  });

  it.each(["0", "101", "-3", "1.5", "2e1", "0x10", "ten", "3 4"])("refuses ENGINE_X=%j, naming it", (raw) => {
    expect(() => wholeNumberFromEnv({ ENGINE_X: raw }, "ENGINE_X", setting)).toThrow(
      `ENGINE_X must be a whole number from 1 to 100 (1: one at a time), got "${raw.trim()}"`,
    );
  });

  it("says 'of at least' when there is no upper bound", () => {
    expect(() => wholeNumberFromEnv({ N: "-1" }, "N", { fallback: 0 })).toThrow(
      'N must be a whole number of at least 0, got "-1"',
    );
  });

  it.each([
    [{}, 0, 0],
    [{}, 2, 2],
    [{ ENGINE_EXECUTORS: "0" }, 2, 0],
    [{ ENGINE_EXECUTORS: "3" }, 0, 3],
  ])("ENGINE_EXECUTORS from %j with fallback %i gives %i", (env, fallback, expected) => {
    expect(executorThreadsFromEnv(env, fallback)).toBe(expected);
  });

  it.each(["two", "-1", "65"])(
    "refuses ENGINE_EXECUTORS=%j instead of running task code in 0 threads",
    (raw) => {
      expect(() => executorThreadsFromEnv({ ENGINE_EXECUTORS: raw }, 2)).toThrow(
        /ENGINE_EXECUTORS must be a whole number/,
      );
    },
  );
});
