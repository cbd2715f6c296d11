// What a nurse reads for each reason code; codes not listed fall back to their words, with
// clinical abbreviations kept in capitals.
const REASON_LABELS: Record<string, string> = {
  AMI_CHEST_PAIN: "AMI chest pain",
  AMI_CHEST_PAIN_BRIEF: "AMI brief chest pain",
  DM_HIGH: "High blood sugar",
  DM_LOW: "Low blood sugar",
  DM_SEVERE_LOW: "Severe low blood sugar",
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
