/**
 * Transitional Care Management (Medicare CPT 99495/99496) words: the medical decision-making level
 * the clinician records at the face-to-face visit, the codes, and why an episode cannot bill.
 * The order of MDM_LEVELS is the Prisma enum's (least complex first).
 */
export const MDM_LEVELS = ["STRAIGHTFORWARD", "LOW", "MODERATE", "HIGH"] as const;
export type MdmLevel = (typeof MDM_LEVELS)[number];

export const MDM_LABELS: Readonly<Record<MdmLevel, string>> = {
  STRAIGHTFORWARD: "Straightforward",
  LOW: "Low",
  MODERATE: "Moderate",
  HIGH: "High",
};

export const MDM_OPTIONS = MDM_LEVELS.map((value) => ({ value, label: MDM_LABELS[value] }));

export const TCM_CODES = ["99496", "99495"] as const;
export type TcmCode = (typeof TCM_CODES)[number];

/** Why an episode cannot (yet) bill TCM; more than one may apply. */
export const TCM_REASONS = [
  "CONTACT_PENDING",
  "CONTACT_MISSED",
  "VISIT_PENDING",
  "VISIT_LATE",
  "VISIT_MISSED",
  "MED_REC_MISSING",
  "MED_REC_AFTER_VISIT",
  "MDM_MISSING",
  "MDM_TOO_LOW",
] as const;
export type TcmReason = (typeof TCM_REASONS)[number];

export const TCM_REASON_LABELS: Readonly<Record<TcmReason, string>> = {
  CONTACT_PENDING: "No interactive contact yet",
  CONTACT_MISSED: "No interactive contact (or two documented attempts) within 2 business days",
  VISIT_PENDING: "No face-to-face visit yet",
  VISIT_LATE: "Face-to-face visit after day 14",
  VISIT_MISSED: "No face-to-face visit by day 14",
  MED_REC_MISSING: "Medication reconciliation not documented",
  MED_REC_AFTER_VISIT: "Medication reconciliation documented after the visit",
  MDM_MISSING: "Medical decision-making level not recorded",
  MDM_TOO_LOW: "Medical decision-making below moderate",
};
