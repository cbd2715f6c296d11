import { describe, expect, it } from "vitest";
import { daysToReadmission, firstReturns, rateRow, tasksBeforeReadmission } from "./outcome-math.js";

const DAY = 86_400_000;
const t0 = new Date("2026-06-01T12:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);
const ep = (id: string) => ({ id, patientId: `p-${id}`, protocol: "HF", dischargedAt: t0 });

describe("outcome math", () => {
  it("counts the first readmission within 30 days only, and marks episodes still in their window", () => {
    const episodes = [ep("a"), ep("b"), ep("c")];
    const first = firstReturns(episodes, [
      { episodeId: "a", kind: "READMISSION", occurredAt: at(9) },
      { episodeId: "a", kind: "READMISSION", occurredAt: at(4) },
      { episodeId: "b", kind: "READMISSION", occurredAt: at(31) },
      { episodeId: "c", kind: "ED_RETURN", occurredAt: at(-1) },
    ]);
    expect(first.get("a")?.READMISSION).toEqual(at(4));
    expect(first.has("b")).toBe(false);
    expect(first.has("c")).toBe(false);
    expect(rateRow(episodes, first, at(10))).toEqual({
      episodes: 3,
      readmissions: 1,
      edReturns: 0,
      readmissionRate: 33.3,
      edReturnRate: 0,
      stillInWindow: 3,
    });
    expect(daysToReadmission(episodes, first).buckets[4]).toEqual({ day: 4, count: 1 });
  });

  it("a task whose due time passed before anyone answered counts as breached without the monitor's mark", () => {
    const share = tasksBeforeReadmission(
      [{ patientId: "p1", occurredAt: at(10) }],
      [
        {
          patientId: "p1",
          primaryReason: "COPD_YELLOW_ZONE",
          createdAt: at(1),
          slaDueAt: at(5),
          firstContactAt: at(6),
          resolvedAt: at(2.5),
          slaBreachedAt: null,
        },
      ],
    );
    // Resolved on day 2.5, before its due time and before the week: neither open nor breached in it.
    expect(share).toMatchObject({ withOpenTask: 0, withBreachedTask: 0, share: 0 });
    const late = tasksBeforeReadmission(
      [{ patientId: "p1", occurredAt: at(10) }],
      [
        {
          patientId: "p1",
          primaryReason: "COPD_YELLOW_ZONE",
          createdAt: at(4),
          slaDueAt: at(5),
          firstContactAt: at(7),
          resolvedAt: at(8),
          slaBreachedAt: null,
        },
      ],
    );
    expect(late).toMatchObject({ withOpenTask: 1, withBreachedTask: 1, share: 100 });
  });
});
