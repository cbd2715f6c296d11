import type { CodeableConcept, ContactPoint, Encounter, Identifier, Patient } from "@medplum/fhirtypes";
import type { Language } from "../../db/client.js";
import type { DischargeBundle, FhirRefusal } from "../../fhir/index.js";
import { type PhoneChoice, parseHl7Time, toE164 } from "./adt-fields.js";
import type { AdtCommand, PatientFacts } from "./adt-mapping.js";
import { dispositionReason, normaliseCode, protocolForCodes } from "./clinical-codes.js";

// A FHIR discharge -> the same command an A03 becomes, so enrolment cannot tell them apart. Pure.

export type FhirMapResult = { ok: true; command: AdtCommand } | { ok: false; refusal: FhirRefusal };

const MRN = /^[A-Za-z0-9-]{3,32}$/;
const YEAR = 365.25 * 86_400_000;
const unprocessable = (reason: string, expression?: string, code: FhirRefusal["code"] = "required") => ({
  ok: false as const,
  refusal: { status: 422 as const, code, reason, ...(expression ? { expression } : {}) },
});

// HL7 discharge-disposition codes -> the UB-04 code PV1-36 would carry (INTEGRATION.md).
const HL7_DISPOSITION: Record<string, string> = {
  home: "01",
  "alt-home": "01",
  aadvice: "07",
  "other-hcf": "05",
  hosp: "50",
  long: "03",
  snf: "03",
  rehab: "62",
  psy: "65",
  exp: "20",
  oth: "",
};

/** What to do about one discharge bundle's Encounter, or why it cannot be read. */
export function mapFhirDischarge(d: DischargeBundle, opts: { timeZone: string; now: Date }): FhirMapResult {
  const enc = d.encounter;
  if (!enc) return unprocessable("The Bundle has no Encounter", "Bundle.entry");
  const classCode = (enc.class?.code ?? "").toUpperCase();
  const patientClass =
    classCode === "IMP" || classCode === "ACUTE" ? "I" : classCode === "EMER" ? "E" : classCode;
  if (!d.patient)
    return unprocessable("The Encounter's subject Patient is not in the Bundle", "Encounter.subject");
  const facts = readPatient(d.patient, opts.timeZone);
  if (!facts.ok) return facts;
  const patient = facts.patient;
  if (enc.status === "in-progress" || enc.status === "arrived") {
    // An admission or ED arrival is the FHIR form of A01/A04: a return during an open episode.
    if (patientClass !== "I" && patientClass !== "E")
      return ok({ kind: "IGNORE", reason: `Encounter class ${classCode || "(none)"} is not a return` });
    const at = instant(enc.period?.start, opts);
    if (at === "bad")
      return unprocessable(
        "Encounter.period.start is not a valid dateTime",
        "Encounter.period.start",
        "value",
      );
    const returnKind = patientClass === "I" ? "READMISSION" : "ED_RETURN";
    return ok({ kind: "RETURN", returnKind, patient, occurredAt: at ?? opts.now });
  }
  if (enc.status !== "finished")
    return ok({
      kind: "IGNORE",
      reason: `Encounter status ${enc.status}: only finished encounters are discharges`,
    });
  const end = instant(enc.period?.end, opts);
  if (end === null)
    return unprocessable(
      "A finished Encounter needs period.end (the discharge time)",
      "Encounter.period.end",
    );
  if (end === "bad")
    return unprocessable("Encounter.period.end is not a valid dateTime", "Encounter.period.end", "value");
  const diagnoses = d.conditions.flatMap((c) => icd10Codes(c.code));
  const procedures = d.procedures.flatMap((p) => codes(p.code));
  const disposition = dispositionCode(enc);
  const minor = patient.birthDate !== null && end.getTime() - patient.birthDate.getTime() < 18 * YEAR;
  const caregiver = (d.patient.contact ?? []).map((c) => choosePhone(c.telecom).mobile).find(Boolean) ?? null;
  const textTo = minor ? caregiver : patient.phone.mobile;
  const notEnrolled =
    dispositionReason(disposition) ??
    (minor && !caregiver
      ? "MINOR_WITHOUT_CAREGIVER"
      : !textTo
        ? patient.phone.callable
          ? "NO_MOBILE"
          : "NO_PHONE"
        : null);
  return ok({
    kind: "DISCHARGE",
    patient,
    dischargedAt: end,
    patientClass,
    protocol: protocolForCodes(diagnoses, procedures),
    textTo,
    notEnrolled,
    disposition,
  });
}

const ok = (command: AdtCommand): FhirMapResult => ({ ok: true, command });

/** The MR identifier (type code MR), else the first; the assigner or system is its authority. */
export function medicalRecordNumber(p: Patient): Identifier | undefined {
  const ids = p.identifier ?? [];
  return ids.find((i) => i.type?.coding?.some((c) => c.code === "MR")) ?? ids[0];
}

function readPatient(
  p: Patient,
  timeZone: string,
): { ok: true; patient: PatientFacts } | Extract<FhirMapResult, { ok: false }> {
  const id = medicalRecordNumber(p);
  const mrn = id?.value?.trim() ?? "";
  if (!mrn) return unprocessable("Patient.identifier (the MRN) is missing", "Patient.identifier");
  if (!MRN.test(mrn))
    return unprocessable(
      "Patient.identifier is not 3-32 letters, digits or dashes",
      "Patient.identifier",
      "value",
    );
  const name = p.name?.find((n) => n.use === "official") ?? p.name?.[0];
  const lastName = name?.family?.trim() ?? "";
  const firstName = name?.given?.[0]?.trim() ?? "";
  if (!lastName || !firstName)
    return unprocessable("Patient.name (family and given) is missing", "Patient.name");
  const birthDate = p.birthDate ? parseHl7Time(p.birthDate.replace(/-/g, ""), timeZone) : null;
  if (p.birthDate && !birthDate)
    return unprocessable("Patient.birthDate is not a valid date", "Patient.birthDate", "value");
  return {
    ok: true,
    patient: {
      mrn,
      mrnAuthority: (id?.assigner?.display ?? id?.system ?? "").slice(0, 200),
      firstName: firstName.slice(0, 80),
      lastName: lastName.slice(0, 80),
      birthDate,
      language: languageOf(p),
      phone: choosePhone(p.telecom),
    },
  };
}

/**
 * Mobile first; then a number whose use is not given or is `home` (it may well be a mobile, and a
 * text to a landline comes back as such and opens a phone-outreach task); `work` numbers are only
 * rung, never texted; `old` ones are skipped.
 */
export function choosePhone(telecom: readonly ContactPoint[] | undefined): PhoneChoice {
  const phones = (telecom ?? []).filter((t) => (t.system === "phone" || t.system === "sms") && t.value);
  const first = (pick: (t: ContactPoint) => boolean) =>
    phones
      .filter(pick)
      .map((t) => toE164(t.value ?? ""))
      .find(Boolean) ?? null;
  const mobile =
    first((t) => t.use === "mobile" || t.system === "sms") ??
    first((t) => t.use === undefined || t.use === "home" || t.use === "temp");
  return { mobile, callable: first((t) => t.use === "work") };
}

function languageOf(p: Patient): Language | null {
  const comms = [...(p.communication ?? [])].sort(
    (a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false),
  );
  for (const c of comms) {
    for (const coding of c.language.coding ?? []) {
      const code = (coding.code ?? "").toLowerCase().split("-")[0];
      if (code === "es" || code === "spa") return "ES";
      if (code === "en" || code === "eng") return "EN";
    }
  }
  return null;
}

function codes(cc: CodeableConcept | undefined): string[] {
  return (cc?.coding ?? []).map((c) => normaliseCode(c.code ?? "")).filter(Boolean);
}

// ICD-10 (or ICD-10-CM) codings only: a SNOMED code could look like anything.
function icd10Codes(cc: CodeableConcept | undefined): string[] {
  return (cc?.coding ?? [])
    .filter((c) => !c.system || /icd-?10/i.test(c.system))
    .map((c) => normaliseCode(c.code ?? ""))
    .filter(Boolean);
}

/** hospitalization.dischargeDisposition -> the UB-04 code (NUBC codes as they are, HL7 codes mapped). */
function dispositionCode(enc: Encounter): string {
  for (const c of enc.hospitalization?.dischargeDisposition?.coding ?? []) {
    const code = (c.code ?? "").trim();
    if (/^\d{1,2}$/.test(code)) return code.padStart(2, "0");
    const mapped = HL7_DISPOSITION[code];
    if (mapped !== undefined) return mapped;
  }
  return "";
}

/** A FHIR date or dateTime -> Date (a date alone is midnight at the hospital); null when absent. */
function instant(text: string | undefined, opts: { timeZone: string }): Date | null | "bad" {
  if (!text) return null;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text))
    return parseHl7Time(text.replace(/-/g, ""), opts.timeZone) ?? "bad";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return "bad";
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? "bad" : date;
}
