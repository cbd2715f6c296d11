import { describe, expect, it } from "vitest";
import { median, medianFigures, type PeerFigures } from "./measure.js";

describe("the bench's medians over rounds", () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[551, 14_836, 13_949], 13_949],
    [[4, 1, 3, 2], 2.5],
    [[2, Number.NaN, 4], 3],
    [[], Number.NaN],
  ])("median of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  const round = (throughputPerSec: number, drainPerSec: number, p99StartMs: number): PeerFigures => ({
    throughputPerSec,
    drainPerSec,
    runs: 2000,
    p50StartMs: 3,
    p99StartMs,
    samples: 200,
  });

  it("takes each figure's median on its own, and keeps its spread", () => {
    const { median: m, spread } = medianFigures([
      round(1_094, 4_116, 6.4),
      round(745, 3_779, 9.1),
      round(1_010, 3_900, 6.0),
    ]);
    expect(m).toEqual(round(1_010, 3_900, 6.4));
    expect(spread.throughputPerSec).toEqual({ min: 745, max: 1_094 });
    expect(spread.drainPerSec).toEqual({ min: 3_779, max: 4_116 });
    expect(spread.runs).toEqual({ min: 2000, max: 2000 });
  });

  it("keeps a system's own extra figures (DBOS's start without a queue)", () => {
    const { median: m } = medianFigures([
      { ...round(1, 1, 1), directP50StartMs: 2 },
      { ...round(1, 1, 1), directP50StartMs: 9 },
      { ...round(1, 1, 1), directP50StartMs: 4 },
    ]);
    expect(m.directP50StartMs).toBe(4);
  });

  it("refuses no rounds at all", () => {
    expect(() => medianFigures([])).toThrow(/no rounds/);
  });
});
