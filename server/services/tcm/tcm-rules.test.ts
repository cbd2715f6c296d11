import { describe, expect, it } from "vitest";
import { businessDayDeadline, holidaysFor, usFederalHolidays } from "./business-days.js";
import { evaluateTcm, firstInteractiveContact, type TcmFacts } from "./tcm-rules.js";

const NY = "America/New_York";
const federal = (at: Date) => holidaysFor(at, undefined);
const d = (iso: string) => new Date(iso);

describe("business-day deadline for the interactive contact", () => {
  it.each([
    ["Monday morning -> end of Wednesday", "2026-11-30T15:00:00Z", NY, "2026-12-03T04:59:59.999Z"],
    ["Tuesday -> end of Thursday", "2026-12-01T15:00:00Z", NY, "2026-12-04T04:59:59.999Z"],
    ["Friday evening -> end of Tuesday", "2026-12-04T23:00:00Z", NY, "2026-12-09T04:59:59.999Z"],
    [
      "Friday 21:00 local (Saturday in UTC) is still Friday",
      "2026-12-05T02:00:00Z",
      NY,
      "2026-12-09T04:59:59.999Z",
    ],
    ["Saturday -> Monday and Tuesday", "2026-12-05T15:00:00Z", NY, "2026-12-09T04:59:59.999Z"],
    ["Sunday -> Monday and Tuesday", "2026-12-06T15:00:00Z", NY, "2026-12-09T04:59:59.999Z"],
    [
      "the day before Thanksgiving -> Friday and Monday",
      "2026-11-25T15:00:00Z",
      NY,
      "2026-12-01T04:59:59.999Z",
    ],
    ["Thanksgiving itself -> Friday and Monday", "2026-11-26T15:00:00Z", NY, "2026-12-01T04:59:59.999Z"],
    [
      "Christmas Eve (Christmas on Friday) -> Monday and Tuesday",
      "2026-12-24T15:00:00Z",
      NY,
      "2026-12-30T04:59:59.999Z",
    ],
    [
      "30 December -> 31 Dec, skip New Year's Day, Monday",
      "2026-12-30T15:00:00Z",
      NY,
      "2027-01-05T04:59:59.999Z",
    ],
    ["Independence Day observed on Friday 3 July", "2026-07-02T15:00:00Z", NY, "2026-07-08T03:59:59.999Z"],
    ["across the spring clock change (EST -> EDT)", "2026-03-06T15:00:00Z", NY, "2026-03-11T03:59:59.999Z"],
    [
      "Pacific time: Friday 23:30 local",
      "2026-12-05T07:30:00Z",
      "America/Los_Angeles",
      "2026-12-09T07:59:59.999Z",
    ],
  ])("%s", (_label, discharged, tz, due) => {
    const at = d(discharged);
    expect(businessDayDeadline(at, 2, tz, federal(at)).toISOString()).toBe(due);
  });

  it("uses a clinic's own holidays instead of the federal list when given", () => {
    const at = d("2026-12-03T15:00:00Z"); // Thursday; the clinic is closed on Friday 4 December
    const holidays = holidaysFor(at, ["2026-12-04"]);
    expect(businessDayDeadline(at, 2, NY, holidays).toISOString()).toBe("2026-12-09T04:59:59.999Z");
    const thanksgiving = d("2026-11-25T15:00:00Z");
    expect(
      businessDayDeadline(thanksgiving, 2, NY, holidaysFor(thanksgiving, ["2026-12-04"])).toISOString(),
    ).toBe("2026-11-28T04:59:59.999Z");
  });

  it("computes the federal holidays on their observed dates", () => {
    expect(usFederalHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]);
    expect(usFederalHolidays(2027)).toContain("2027-12-24");
    expect(usFederalHolidays(2028)).toContain("2027-12-31");
  });
});

const DISCHARGE = d("2026-11-30T15:00:00Z"); // Monday 10:00 in New York; contact due end of Wednesday
const day = (n: number, hourUtc = 16) => new Date(Date.UTC(2026, 10, 30 + n, hourUtc));

function facts(over: Partial<TcmFacts> = {}): TcmFacts {
  return {
    dischargedAt: DISCHARGE,
    timeZone: NY,
    now: day(20),
    calls: [day(1)],
    texts: [],
    attempts: [],
    visits: [{ at: day(5), status: "COMPLETED" }],
    medRecAt: day(2),
    mdmLevel: "MODERATE",
    ...over,
  };
}

describe("first interactive contact", () => {
  it.each<[string, Partial<TcmFacts>, { state: string; via?: string | null; madeAt?: Date | null }]>([
    ["a nurse's documented call", {}, { state: "MADE", via: "CALL", madeAt: day(1) }],
    ["a call on the discharge day itself", { calls: [day(0, 20)] }, { state: "MADE", via: "CALL" }],
    ["a call before the discharge does not count", { calls: [day(-1)] }, { state: "MISSED", madeAt: null }],
    [
      "a nurse's text answered by the patient",
      {
        calls: [],
        texts: [
          { at: day(1, 14), author: "STAFF" },
          { at: day(1, 18), author: "PATIENT" },
        ],
      },
      { state: "MADE", via: "TEXT", madeAt: day(1, 18) },
    ],
    [
      "automated check-ins answered by the patient are no contact",
      {
        calls: [],
        texts: [
          { at: day(1, 14), author: "AUTOMATED" },
          { at: day(1, 15), author: "PATIENT" },
        ],
      },
      { state: "MISSED", madeAt: null },
    ],
    [
      "a nurse's text nobody answered is no contact",
      {
        calls: [],
        texts: [
          { at: day(1, 14), author: "PATIENT" },
          { at: day(1, 15), author: "STAFF" },
        ],
      },
      { state: "MISSED" },
    ],
    ["a call after the window is late", { calls: [day(3, 14)] }, { state: "MADE_LATE", via: "CALL" }],
    [
      "a text reply after the window is late",
      {
        calls: [],
        texts: [
          { at: day(2, 14), author: "STAFF" },
          { at: day(3, 14), author: "PATIENT" },
        ],
      },
      { state: "MADE_LATE", via: "TEXT" },
    ],
    [
      "two documented attempts in the window count",
      { calls: [], attempts: [day(1), day(2)] },
      { state: "ATTEMPTS" },
    ],
    ["one attempt is not enough", { calls: [], attempts: [day(1)] }, { state: "MISSED" }],
    [
      "an attempt after the window does not count",
      { calls: [], attempts: [day(1), day(4)] },
      { state: "MISSED" },
    ],
    [
      "attempts in the window stand even when the call came late",
      { calls: [day(4)], attempts: [day(1), day(2)] },
      { state: "ATTEMPTS", via: "CALL" },
    ],
    ["not yet made, inside the window", { calls: [], now: day(1, 5) }, { state: "PENDING" }],
  ])("%s", (_label, over, want) => {
    const s = evaluateTcm(facts(over));
    expect(s.contact).toMatchObject(want);
  });

  it("counts the hours left while the contact is pending", () => {
    const s = evaluateTcm(facts({ calls: [], now: d("2026-12-02T16:59:59.999Z") }));
    expect(s.contact).toMatchObject({ state: "PENDING", hoursLeft: 12 });
    expect(s.risks).toEqual([{ kind: "CONTACT", deadline: d("2026-12-03T04:59:59.999Z") }]);
    expect(s.reasons).toContain("CONTACT_PENDING");
  });

  it("takes the earliest of a call and a text exchange", () => {
    const texts = [
      { at: day(0, 20), author: "STAFF" as const },
      { at: day(0, 21), author: "PATIENT" as const },
    ];
    expect(firstInteractiveContact([day(1)], texts, DISCHARGE)).toEqual({ at: day(0, 21), via: "TEXT" });
  });
});

describe("visit, medication reconciliation, MDM and the code", () => {
  it.each<[string, Partial<TcmFacts>, string | null, string[]]>([
    [
      "high complexity, visit on day 7",
      { mdmLevel: "HIGH", visits: [{ at: day(7), status: "COMPLETED" }] },
      "99496",
      [],
    ],
    [
      "high complexity, visit on day 7 late in the evening (day 8 in UTC)",
      { mdmLevel: "HIGH", visits: [{ at: d("2026-12-08T03:30:00Z"), status: "COMPLETED" }] },
      "99496",
      [],
    ],
    [
      "high complexity, visit on day 8 bills 99495",
      { mdmLevel: "HIGH", visits: [{ at: day(8), status: "COMPLETED" }] },
      "99495",
      [],
    ],
    ["moderate, visit on day 3", { visits: [{ at: day(3), status: "COMPLETED" }] }, "99495", []],
    ["moderate, visit on day 14", { visits: [{ at: day(14), status: "COMPLETED" }] }, "99495", []],
    ["moderate, visit on day 15", { visits: [{ at: day(15), status: "COMPLETED" }] }, null, ["VISIT_LATE"]],
    ["low complexity", { mdmLevel: "LOW" }, null, ["MDM_TOO_LOW"]],
    ["straightforward", { mdmLevel: "STRAIGHTFORWARD" }, null, ["MDM_TOO_LOW"]],
    ["no MDM level recorded", { mdmLevel: null }, null, ["MDM_MISSING"]],
    ["no medication reconciliation", { medRecAt: null }, null, ["MED_REC_MISSING"]],
    ["medication reconciliation after the visit", { medRecAt: day(6) }, null, ["MED_REC_AFTER_VISIT"]],
    ["medication reconciliation later on the visit day", { medRecAt: day(5, 22) }, "99495", []],
    ["contact by two attempts", { calls: [], attempts: [day(1), day(2)] }, "99495", []],
    ["no contact", { calls: [] }, null, ["CONTACT_MISSED"]],
    ["no visit by day 14", { visits: [] }, null, ["VISIT_MISSED"]],
    [
      "a missed (not completed) visit is no visit",
      { visits: [{ at: day(5), status: "BOOKED" }] },
      null,
      ["VISIT_MISSED"],
    ],
    [
      "everything wrong at once",
      { calls: [], visits: [], medRecAt: null, mdmLevel: "LOW" },
      null,
      ["CONTACT_MISSED", "VISIT_MISSED", "MED_REC_MISSING", "MDM_TOO_LOW"],
    ],
    [
      "still going: visit booked, nothing else yet",
      { now: day(3), visits: [{ at: day(6), status: "BOOKED" }], medRecAt: null, mdmLevel: null },
      null,
      ["VISIT_PENDING", "MED_REC_MISSING", "MDM_MISSING"],
    ],
  ])("%s", (_label, over, code, reasons) => {
    const s = evaluateTcm(facts(over));
    expect(s.reasons).toEqual(reasons);
    expect(s.code).toBe(code);
  });

  it("reports the visit's day and the earliest completed visit", () => {
    const s = evaluateTcm(
      facts({
        visits: [
          { at: day(9), status: "COMPLETED" },
          { at: day(4), status: "COMPLETED" },
        ],
      }),
    );
    expect(s.visit).toMatchObject({ state: "DONE", day: 4, at: day(4) });
  });

  it("is at risk while no visit is booked, and not once one is", () => {
    const open = evaluateTcm(facts({ now: day(10), visits: [] }));
    expect(open.visit).toMatchObject({ state: "NOT_BOOKED", daysLeft: 4 });
    expect(open.risks).toEqual([{ kind: "VISIT", deadline: d("2026-12-15T04:59:59.999Z") }]);
    expect(open.nextDeadline).toEqual(d("2026-12-15T04:59:59.999Z"));
    const booked = evaluateTcm(facts({ now: day(10), visits: [{ at: day(12), status: "BOOKED" }] }));
    expect(booked.visit).toMatchObject({ state: "BOOKED", bookedFor: day(12), daysLeft: 4 });
    expect(booked.risks).toEqual([]);
    const tooLate = evaluateTcm(facts({ now: day(10), visits: [{ at: day(16), status: "BOOKED" }] }));
    expect(tooLate.visit.state).toBe("NOT_BOOKED");
  });

  it("sorts by the nearer deadline when both contact and visit are at risk", () => {
    const s = evaluateTcm(facts({ now: day(1), calls: [], visits: [] }));
    expect(s.risks.map((r) => r.kind)).toEqual(["CONTACT", "VISIT"]);
    expect(s.nextDeadline).toEqual(s.contact.dueBy);
    expect(s.medRec.ok).toBe(true);
  });
});
