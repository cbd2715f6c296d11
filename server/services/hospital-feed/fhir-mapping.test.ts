import type { Bundle, Patient } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { type DischargeOptions, dischargeTransaction } from "../../../test/fake-ehr/fhir-bundles.js";
import { readDischargeBundle } from "../../fhir/index.js";
import { mapFhirDischarge } from "./fhir-mapping.js";

const NOW = new Date("2026-03-10T15:00:00Z");
const opts = { timeZone: "America/New_York", now: NOW };

function map(o: Partial<DischargeOptions> = {}, edit?: (b: Bundle) => void) {
  const bundle = dischargeTransaction({ mrn: "MAP-1", ...o }, NOW);
  edit?.(bundle);
  const read = readDischargeBundle(bundle);
  if (!read.ok) throw new Error(read.refusal.reason);
  return mapFhirDischarge(read.discharge, opts);
}
const command = (r: ReturnType<typeof map>) => (r.ok ? r.command : null);
const patientOf = (b: Bundle) => b.entry?.[0]?.resource as Patient;

describe("a FHIR discharge -> the A03 command", () => {
  it("reads the patient, the discharge time, the mobile, the language and the protocol", () => {
    const c = command(
      map({ diagnoses: ["E11.9", "I21.4"], language: "es-US", end: "2026-03-10T09:30:00-05:00" }),
    );
    expect(c).toMatchObject({
      kind: "DISCHARGE",
      protocol: "AMI",
      patientClass: "I",
      textTo: "+12025550100",
      notEnrolled: null,
      dischargedAt: new Date("2026-03-10T14:30:00Z"),
      patient: {
        mrn: "MAP-1",
        mrnAuthority: "RIVERSIDE",
        firstName: "Pat",
        lastName: "Example",
        language: "ES",
      },
    });
  });

  it.each([
    ["hosp", "HOSPICE"],
    ["snf", "NURSING_FACILITY"],
    ["other-hcf", "OTHER_HOSPITAL"],
    ["exp", "EXPIRED"],
    ["20", "EXPIRED"],
    ["51", "HOSPICE"],
    ["home", null],
    ["06", null],
  ])("disposition %s -> %s, as PV1-36 would", (disposition, reason) => {
    expect(command(map({ disposition }))).toMatchObject({ notEnrolled: reason });
  });

  it("texts a mobile before a home number, never a work number", () => {
    const telecom = [
      { system: "phone" as const, use: "work" as const, value: "312-555-0001" },
      { system: "phone" as const, use: "home" as const, value: "312-555-0002" },
      { system: "phone" as const, use: "mobile" as const, value: "312-555-0003" },
    ];
    expect(command(map({ telecom }))).toMatchObject({ textTo: "+13125550003" });
    expect(command(map({ telecom: telecom.slice(0, 2) }))).toMatchObject({ textTo: "+13125550002" });
    expect(command(map({ telecom: telecom.slice(0, 1) }))).toMatchObject({
      textTo: null,
      notEnrolled: "NO_MOBILE",
    });
  });

  it("a minor is texted through a caregiver's mobile in Patient.contact, or not at all", () => {
    expect(command(map({ birthDate: "2015-05-01" }))).toMatchObject({
      notEnrolled: "MINOR_WITHOUT_CAREGIVER",
    });
    const withCarer = map({ birthDate: "2015-05-01" }, (b) => {
      patientOf(b).contact = [{ telecom: [{ system: "phone", use: "mobile", value: "+13125550099" }] }];
    });
    expect(command(withCarer)).toMatchObject({ textTo: "+13125550099", notEnrolled: null });
  });

  it("reads only ICD-10 codings for the protocol", () => {
    const c = map({}, (b) => {
      b.entry?.push({
        resource: {
          resourceType: "Condition",
          subject: { reference: "Patient/pat-MAP-1" },
          code: { coding: [{ system: "http://snomed.info/sct", code: "I50" }] },
        },
      });
    });
    expect(command(c)).toMatchObject({ protocol: "GENERAL" });
  });

  it("an admission in progress is a return; other statuses are ignored", () => {
    expect(command(map({ status: "in-progress", classCode: "EMER", end: null }))).toMatchObject({
      kind: "RETURN",
      returnKind: "ED_RETURN",
    });
    expect(command(map({ status: "in-progress", end: null }))).toMatchObject({ returnKind: "READMISSION" });
    expect(command(map({ status: "cancelled" }))).toMatchObject({ kind: "IGNORE" });
  });

  it("a date-only period.end is midnight at the hospital; a bad one or a missing MRN is refused (422)", () => {
    expect(command(map({ end: "2026-03-09" }))).toMatchObject({
      dischargedAt: new Date("2026-03-09T04:00:00Z") /* EDT */,
    });
    expect(map({ end: null })).toMatchObject({
      ok: false,
      refusal: { status: 422, expression: "Encounter.period.end" },
    });
    const noMrn = map({}, (b) => {
      patientOf(b).identifier = [];
    });
    expect(noMrn).toMatchObject({ ok: false, refusal: { status: 422, expression: "Patient.identifier" } });
  });
});
