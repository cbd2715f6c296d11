import type { Protocol } from "../../db/client.js";

// Programme rules for a discharge from the hospital feed (docs: INTEGRATION.md). Pure tables.

type Rule = { protocol: Exclude<Protocol, "GENERAL">; diagnosis: RegExp; procedure?: RegExp };

// Ordered by readmission risk (the most acute first): with several matches the first one wins.
const RULES: readonly Rule[] = [
  { protocol: "HF", diagnosis: /^I50/ },
  { protocol: "AMI", diagnosis: /^I2[12]/ },
  { protocol: "COPD", diagnosis: /^J4[34]/ },
  { protocol: "PNA", diagnosis: /^J1[2-8]/ },
  // Hip/knee replacement: aftercare/status codes, or the procedure itself (ICD-10-PCS hip
  // 0SR9/0SRB, knee 0SRC/0SRD; CPT 27130 total hip, 27447 total knee).
  { protocol: "THA_TKA", diagnosis: /^(Z4711|Z4712|Z9664|Z9665)/, procedure: /^(0SR[9BCD]|27130|27447)/ },
  { protocol: "DM", diagnosis: /^E1[01]/ },
];

/** ICD-10 codes as sent (`I50.9`, `i509`) to the compact upper-case form the rules use. */
export function normaliseCode(code: string): string {
  return code.replace(/[.\s]/g, "").toUpperCase();
}

/** The protocol for a discharge's diagnosis and procedure codes; none matching -> GENERAL. */
export function protocolForCodes(diagnoses: readonly string[], procedures: readonly string[] = []): Protocol {
  const dx = diagnoses.map(normaliseCode);
  const px = procedures.map(normaliseCode);
  for (const rule of RULES) {
    if (dx.some((c) => rule.diagnosis.test(c))) return rule.protocol;
    if (rule.procedure && px.some((c) => rule.procedure?.test(c))) return rule.protocol;
  }
  return "GENERAL";
}

export type NotEnrolledReason =
  | "EXPIRED"
  | "HOSPICE"
  | "OTHER_HOSPITAL"
  | "NURSING_FACILITY"
  | "LAW_ENFORCEMENT"
  | "NO_MOBILE"
  | "NO_PHONE"
  | "MINOR_WITHOUT_CAREGIVER";

export const NOT_ENROLLED_LABEL: Record<NotEnrolledReason, string> = {
  EXPIRED: "Patient expired (PV1-36)",
  HOSPICE: "Discharged to hospice (PV1-36)",
  OTHER_HOSPITAL: "Discharged to another hospital (PV1-36)",
  NURSING_FACILITY: "Discharged to a nursing or care facility (PV1-36)",
  LAW_ENFORCEMENT: "Discharged to court or law enforcement (PV1-36)",
  NO_MOBILE: "No mobile number (PID-13): phone outreach task opened",
  NO_PHONE: "No usable phone number at all (PID-13)",
  MINOR_WITHOUT_CAREGIVER: "Minor without a caregiver phone number (NK1)",
};

// UB-04 patient status codes (PV1-36). Home (01), home health (06) and left against advice (07)
// are the programme's patients; expired and hospice patients are never texted; someone in another
// hospital or a facility is followed by that facility. 81-95 are the same destinations "with a
// planned readmission" (PLANNED maps them to the plain code).
const DISPOSITION: Record<string, NotEnrolledReason | null> = {
  "01": null,
  "06": null,
  "07": null,
  "02": "OTHER_HOSPITAL",
  "05": "OTHER_HOSPITAL",
  "43": "OTHER_HOSPITAL",
  "62": "OTHER_HOSPITAL",
  "63": "OTHER_HOSPITAL",
  "65": "OTHER_HOSPITAL",
  "66": "OTHER_HOSPITAL",
  "03": "NURSING_FACILITY",
  "04": "NURSING_FACILITY",
  "61": "NURSING_FACILITY",
  "64": "NURSING_FACILITY",
  "70": "NURSING_FACILITY",
  "20": "EXPIRED",
  "40": "EXPIRED",
  "41": "EXPIRED",
  "42": "EXPIRED",
  "50": "HOSPICE",
  "51": "HOSPICE",
  "21": "LAW_ENFORCEMENT",
};

const PLANNED: Record<string, string> = {
  "81": "01",
  "82": "02",
  "83": "03",
  "84": "04",
  "85": "05",
  "86": "06",
  "87": "21",
  "88": "43",
  "89": "61",
  "90": "62",
  "91": "63",
  "92": "64",
  "93": "65",
  "94": "66",
  "95": "70",
};

/** Why a discharge disposition keeps a patient out of the programme; null when it does not. */
export function dispositionReason(code: string): NotEnrolledReason | null {
  const c = code.trim().padStart(2, "0");
  const plain = PLANNED[c] ?? c;
  // Blank or a local code we do not know: enrol, the nurse sees the discharge and can close it.
  return DISPOSITION[plain] ?? null;
}
