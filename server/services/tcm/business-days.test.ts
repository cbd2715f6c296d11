import { describe, expect, it } from "vitest";
import { businessDayDeadline, holidaysFor } from "./business-days.js";
import { evaluateTcm } from "./tcm-rules.js";

const NY = "America/New_York";
const THURSDAY = new Date("2026-12-03T15:00:00Z");

describe("TCM business days with the clinic's holidays", () => {
  it.each<[string, readonly string[] | undefined, readonly string[], string]>([
    ["federal only: Thursday -> end of Monday", undefined, [], "2026-12-08T04:59:59.999Z"],
    ["clinic closed Friday -> end of Tuesday", undefined, ["2026-12-04"], "2026-12-09T04:59:59.999Z"],
    [
      "clinic closed Friday and Monday -> end of Wednesday",
      undefined,
      ["2026-12-04", "2026-12-07"],
      "2026-12-10T04:59:59.999Z",
    ],
    [
      "TCM_HOLIDAYS Friday, clinic Monday -> both count",
      ["2026-12-04"],
      ["2026-12-07"],
      "2026-12-10T04:59:59.999Z",
    ],
    ["a clinic holiday on a weekend changes nothing", undefined, ["2026-12-05"], "2026-12-08T04:59:59.999Z"],
    [
      "a clinic holiday after the window changes nothing",
      undefined,
      ["2026-12-24"],
      "2026-12-08T04:59:59.999Z",
    ],
  ])("%s", (_name, configured, clinic, due) => {
    expect(
      businessDayDeadline(THURSDAY, 2, NY, holidaysFor(THURSDAY, configured, clinic)).toISOString(),
    ).toBe(due);
  });

  it.each<[string, readonly string[] | undefined, readonly string[], boolean]>([
    ["federal list kept with a clinic's own days", undefined, ["2026-12-04"], true],
    ["configured list replaces the federal list, clinic days added", ["2026-12-04"], ["2026-12-07"], false],
  ])("%s", (_name, configured, clinic, hasChristmas) => {
    const set = holidaysFor(THURSDAY, configured, clinic);
    for (const day of [...(configured ?? []), ...clinic]) expect(set.has(day)).toBe(true);
    expect(set.has("2026-12-25")).toBe(hasChristmas);
  });

  it("the rules use the clinic's holidays: a contact on the clinic's closed Friday's next business day is in time", () => {
    const base = {
      dischargedAt: THURSDAY,
      timeZone: NY,
      now: new Date("2026-12-09T15:00:00Z"),
      calls: [new Date("2026-12-08T20:00:00Z")], // Tuesday afternoon
      texts: [],
      attempts: [],
      visits: [],
      medRecAt: null,
      mdmLevel: null,
    };
    expect(evaluateTcm(base).contact.state).toBe("MADE_LATE");
    expect(evaluateTcm({ ...base, clinicHolidays: ["2026-12-04"] }).contact.state).toBe("MADE");
  });
});
