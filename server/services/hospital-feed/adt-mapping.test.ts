import { Hl7Message } from "@medplum/core";
import { describe, expect, it } from "vitest";
import { type AdtOptions, adtMessage } from "../../../test/fake-ehr/adt-messages.js";
import { mapAdt } from "./adt-mapping.js";

const NOW = new Date("2026-12-03T15:00:00Z");
const map = (o: Partial<AdtOptions>, edit: (m: string) => string = (m) => m) =>
  mapAdt(Hl7Message.parse(edit(adtMessage({ event: "A03", mrn: "M-1", ...o }, NOW))), {
    timeZone: "America/New_York",
    now: NOW,
  });
const command = (o: Partial<AdtOptions>, edit?: (m: string) => string) => {
  const r = map(o, edit);
  if (!r.ok) throw new Error(r.reason);
  return r.command;
};

describe("ADT -> command", () => {
  it.each([
    ["A03", "DISCHARGE"],
    ["A08", "UPDATE"],
    ["A11", "CANCEL"],
    ["A13", "CANCEL"],
    ["A01", "RETURN"],
    ["A04", "RETURN"],
    ["A02", "IGNORE"],
  ] as const)("%s -> %s", (event, kind) => {
    expect(command({ event }).kind).toBe(kind);
  });

  it("a message whose last segment ends with CR too (as most engines send it) is read", () => {
    expect(command({}, (m) => `${m}\r`).kind).toBe("DISCHARGE");
  });

  it("A01 is a readmission, A04 in the ED an ED return, an outpatient A04 nothing", () => {
    expect(command({ event: "A01" })).toMatchObject({ returnKind: "READMISSION" });
    expect(command({ event: "A04", patientClass: "E" })).toMatchObject({ returnKind: "ED_RETURN" });
    expect(command({ event: "A04", patientClass: "O" })).toMatchObject({ kind: "IGNORE" });
  });

  it("a discharge carries the patient, the time from PV1-45 and the protocol", () => {
    const c = command({ diagnoses: ["J18.9", "I50.9"], time: "20261203093000", language: "SPA" });
    expect(c).toMatchObject({
      kind: "DISCHARGE",
      protocol: "HF",
      textTo: "+12025550100",
      notEnrolled: null,
      dischargedAt: new Date("2026-12-03T14:30:00Z"),
      patient: {
        mrn: "M-1",
        mrnAuthority: "RIVERSIDE",
        firstName: "Pat",
        lastName: "Example",
        language: "ES",
      },
    });
  });

  it.each([
    ["^PRN^PH^^1^202^5550100~^ORN^CP^^1^202^5550111", "+12025550111", null],
    ["(202)555-0122", "+12025550122", null],
    ["^PRN^PH^^1^202^5550100", null, "NO_MOBILE"],
    ["^NET^Internet^pat@example.org", null, "NO_PHONE"],
    ["", null, "NO_PHONE"],
    ["^PRN^CP^^44^20^79460000", "+442079460000", null],
  ])("PID-13 %s -> text %s (%s)", (phones, textTo, notEnrolled) => {
    expect(command({ phones })).toMatchObject({ textTo, notEnrolled });
  });

  it("a disposition reason wins over a phone reason", () => {
    expect(command({ phones: "", disposition: "20" })).toMatchObject({ notEnrolled: "EXPIRED" });
  });

  it("a minor needs a caregiver's number from NK1", () => {
    expect(command({ birthDate: "20150101" })).toMatchObject({ notEnrolled: "MINOR_WITHOUT_CAREGIVER" });
    expect(command({ birthDate: "20150101", nk1Phone: "^PRN^CP^^1^202^5550199" })).toMatchObject({
      notEnrolled: null,
      textTo: "+12025550199",
    });
  });

  it.each([
    ["missing PID-3", (m: string) => m.replace(/PID\|1\|\|[^|]*/, "PID|1||"), "101", "PID-3"],
    ["an MRN with spaces", (m: string) => m.replace("M-1^", "M 1^"), "102", "PID-3"],
    ["missing name", (m: string) => m.replace("Example^Pat^Q", ""), "101", "PID-5"],
    ["31 February birth date", (m: string) => m.replace("19500214", "19500231"), "102", "PID-7"],
    [
      "month 13 discharge",
      (m: string) => m.replace(/\|(\d{8})(\d{6})\+0000$/, "|20261301000000"),
      "102",
      "PV1-45",
    ],
    [
      "PV1 before PID",
      (m: string) => m.replace(/(PID\|[^\r]*)\r(PV1\|[^\r]*)/, "$2\r$1"),
      "100",
      "PV1 before PID",
    ],
    ["no PID", (m: string) => m.replace(/PID\|[^\r]*\r/, ""), "100", "PID"],
    ["two MSH", (m: string) => `${m}\r${m.split("\r")[0]}`, "100", "MSH"],
    ["a lower-case segment", (m: string) => `${m}\rzz1|x`, "100", "segment name"],
  ])("refuses %s", (_, edit, error, words) => {
    const r = map({}, edit);
    expect(r).toMatchObject({ ok: false, error });
    if (!r.ok) expect(r.reason).toContain(words);
  });

  it("refuses other message types (AR) and ignores training messages", () => {
    expect(map({}, (m) => m.replace("ADT^A03", "ORU^R01"))).toMatchObject({
      ok: false,
      code: "AR",
      error: "200",
    });
    expect(command({}, (m) => m.replace("|P|2.5.1", "|T|2.5.1"))).toMatchObject({ kind: "IGNORE" });
  });
});
