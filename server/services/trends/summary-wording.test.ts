import { describe, expect, it } from "vitest";
import { count, describeEpisode, type EpisodeFacts } from "./summary-wording.js";

const DAY = 86_400_000;
// Thursday 3 Dec 2026, 15:00 UTC = 10:00 in New York.
const NOW = new Date("2026-12-03T15:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ahead = (ms: number) => new Date(NOW.getTime() + ms);

const base: EpisodeFacts = {
  dischargedAt: ago(11.5),
  closesAt: new Date(ago(11.5).getTime() + 30 * DAY),
  closedAt: null,
  timeZone: "America/New_York",
  weights: [],
  recentTasks: [],
  checkIns: [],
  nextAppointment: null,
  flaggedReadings: [],
};
const facts = (over: Partial<EpisodeFacts>): EpisodeFacts => ({ ...base, ...over });
const answered = { status: "COMPLETED", late: false };
const missed = { status: "NO_RESPONSE", late: false };

describe("episode summary wording", () => {
  it.each<[string, Partial<EpisodeFacts>, string]>([
    ["nothing reported yet", {}, "Day 12 of 30. No check-ins answered yet."],
    [
      "the issue's example",
      {
        weights: [
          { at: ago(5), lb: 181 },
          { at: ago(3), lb: 183 },
          { at: ago(0.1), lb: 185 },
        ],
        recentTasks: [
          { severity: "URGENT", status: "RESOLVED" },
          { severity: "URGENT", status: "RESOLVED" },
        ],
        checkIns: [answered, missed],
        nextAppointment: { at: ahead(DAY), status: "SCHEDULED", transportNeeded: false },
      },
      "Day 12 of 30. Weight up 4 lb in 5 days, two URGENT tasks this week (both resolved), missed last check-in, follow-up visit Fri 10:00.",
    ],
    [
      "singular task, open; one-day loss; answered late",
      {
        weights: [
          { at: ago(1), lb: 190.5 },
          { at: ago(0), lb: 188 },
        ],
        recentTasks: [{ severity: "ROUTINE", status: "OPEN" }],
        checkIns: [{ status: "COMPLETED", late: true }],
      },
      "Day 12 of 30. Weight down 2.5 lb in 1 day, one ROUTINE task this week (open), answered last check-in late.",
    ],
    [
      "one weight, mixed severities, missed three in a row",
      {
        weights: [{ at: ago(0.2), lb: 201 }],
        recentTasks: [
          { severity: "EMERGENT", status: "IN_PROGRESS" },
          { severity: "URGENT", status: "RESOLVED" },
          { severity: "URGENT", status: "OPEN" },
          { severity: "URGENT", status: "RESOLVED" },
        ],
        checkIns: [answered, missed, missed, missed],
      },
      "Day 12 of 30. Weight steady at 201 lb, one EMERGENT task this week (open), three URGENT tasks this week (one open), missed the last three check-ins.",
    ],
    [
      "a stale weight, flagged sugar, answered, a confirmed visit with a ride needed next week",
      {
        weights: [{ at: ago(6), lb: 170 }],
        flaggedReadings: ["last blood sugar 62 mg/dL (low)"],
        checkIns: [missed, answered],
        nextAppointment: { at: ahead(8 * DAY), status: "CONFIRMED", transportNeeded: true },
      },
      "Day 12 of 30. Weight steady at 170 lb (last weighed 6 days ago), last blood sugar 62 mg/dL (low), answered last check-in, follow-up visit Dec 11 10:00 (confirmed, needs a ride).",
    ],
    [
      "a closed episode says the day it closed and no visit",
      {
        closedAt: ago(2),
        checkIns: [answered],
        nextAppointment: { at: ahead(DAY), status: "SCHEDULED", transportNeeded: false },
      },
      "Episode closed on day 10 of 30. Answered last check-in.",
    ],
  ])("%s", (_name, over, expected) => {
    expect(describeEpisode(facts(over), NOW)).toBe(expected);
  });

  it("counts in words up to ten, then digits", () => {
    expect([count(0, "task"), count(1, "task"), count(2, "task"), count(12, "task")]).toEqual([
      "no tasks",
      "one task",
      "two tasks",
      "12 tasks",
    ]);
  });
});
