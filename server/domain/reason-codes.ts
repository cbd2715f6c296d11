/** Reason codes the protocols and workflows raise on tasks, as the queue's reason filter offers them. */
export const QUEUE_REASON_CODES = [
  "RED_FLAG_SYMPTOM",
  "HF_WEIGHT_GAIN",
  "HF_WEIGHT_LOSS",
  "HF_BREATHING_WORSE",
  "HF_BREATHING_REST",
  "HF_SWELLING",
  "COPD_YELLOW_ZONE",
  "COPD_RED_ZONE",
  "AMI_CHEST_PAIN_BRIEF",
  "AMI_CHEST_PAIN",
  "PNA_FEVER",
  "PNA_SPUTUM",
  "POSTOP_INFECTION_OR_DVT",
  "POSTOP_PE",
  "DM_LOW",
  "DM_SEVERE_LOW",
  "DM_HIGH",
  "MED_ACCESS_BARRIER",
  "MED_CONFUSION",
  "MED_STOPPED_HIGH_RISK",
  "FOLLOWUP_NOT_SCHEDULED",
  "TRANSPORT_NEEDED",
  "PATIENT_MESSAGE",
  "DATA_QUALITY",
] as const;

// What a nurse reads for each reason code; codes not listed fall back to their words, with
// clinical abbreviations kept in capitals.
export const REASON_LABELS: Readonly<Record<string, string>> = {
  AMI_CHEST_PAIN: "AMI chest pain",
  AMI_CHEST_PAIN_BRIEF: "AMI brief chest pain",
  DM_HIGH: "High blood sugar",
  DM_LOW: "Low blood sugar",
  DM_SEVERE_LOW: "Severe low blood sugar",
  ED_RETURN: "ED return during follow-up",
  FOLLOWUP_NOT_SCHEDULED: "Follow-up not scheduled",
  HF_BREATHING_REST: "HF breathless at rest",
  MED_ACCESS_BARRIER: "Medication access barrier",
  MED_CONFUSION: "Medication confusion",
  MED_STOPPED: "Medication stopped",
  MED_STOPPED_HIGH_RISK: "High-risk medication stopped",
  PNA_FEVER: "Pneumonia fever",
  PNA_RED_FLAG: "Pneumonia red flag",
  PNA_SPUTUM: "Pneumonia sputum change",
  POSTOP_INFECTION_OR_DVT: "Post-op infection or DVT",
  POSTOP_PE: "Post-op possible PE",
  READMITTED: "Readmitted to hospital",
};
const ABBREVIATIONS = new Set(["hf", "copd", "ami", "dm", "pna", "dvt", "pe", "sms"]);

export function reasonLabel(code: string): string {
  const known = REASON_LABELS[code];
  if (known) return known;
  return code
    .toLowerCase()
    .split("_")
    .map((w, i) =>
      ABBREVIATIONS.has(w) ? w.toUpperCase() : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w,
    )
    .join(" ");
}
