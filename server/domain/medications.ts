/**
 * High-risk medicine classes on a discharge list (CLINICAL-PROTOCOLS.md): stopping one of them is URGENT.
 * The intake form offers them, intake validates them and triage reads them from the episode.
 */
export const MEDICATION_CLASSES = ["DIURETIC", "ANTICOAGULANT", "INSULIN"] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

export const MEDICATION_CLASS_LABELS: Readonly<Record<MedicationClass, string>> = {
  DIURETIC: "Diuretic",
  ANTICOAGULANT: "Blood thinner",
  INSULIN: "Insulin",
};

export const MEDICATION_CLASS_OPTIONS = MEDICATION_CLASSES.map((value) => ({
  value,
  label: MEDICATION_CLASS_LABELS[value],
}));
