/**
 * Every reason code the protocols and workflows raise on tasks, as the queue's reason filter offers
 * them (a test reads the sources and fails on a code raised but missing here).
 */
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
  "MED_STOPPED",
  "PNA_RED_FLAG",
  "EMERGENCY_WORDS",
  "FOLLOWUP_NOT_SCHEDULED",
  "TRANSPORT_NEEDED",
  "APPOINTMENT_MISSED",
  "VISIT_OUTCOME_UNKNOWN",
  "VISIT_MED_ACCESS",
  "VISIT_PLAN_UNCLEAR",
  "VISIT_CANCELED_SHORT_NOTICE",
  "READMITTED",
  "ED_RETURN",
  "PATIENT_MESSAGE",
  "REPLY_NOT_UNDERSTOOD",
  "LLM_READER_CONCERN",
  "OPT_OUT_REQUEST",
  "UNABLE_TO_REACH",
  "PHONE_OUTREACH",
  "EHR_NOTE_FAILED",
  "DATA_QUALITY",
] as const;

// What a nurse reads for each reason code; codes not listed fall back to their words, with
// clinical abbreviations kept in capitals.
export const REASON_LABELS: Readonly<Record<string, string>> = {
  AMI_CHEST_PAIN: "AMI chest pain",
  APPOINTMENT_MISSED: "Missed follow-up visit",
  EHR_NOTE_FAILED: "Note not filed in the EHR",
  EMERGENCY_WORDS: "Emergency words in a reply",
  LLM_READER_CONCERN: "Concern found by the reply reader",
  OPT_OUT_REQUEST: "Asked to stop texts",
  PHONE_OUTREACH: "Phone follow-up (no texts)",
  REPLY_NOT_UNDERSTOOD: "Reply not understood",
  TRANSPORT_NEEDED: "Needs a ride to the visit",
  UNABLE_TO_REACH: "Unable to reach by text",
  VISIT_MED_ACCESS: "Medicines after the visit",
  VISIT_OUTCOME_UNKNOWN: "Visit not marked attended or missed",
  VISIT_PLAN_UNCLEAR: "Plan unclear after the visit",
  VISIT_CANCELED_SHORT_NOTICE: "Visit cancelled, text held by quiet hours",
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
