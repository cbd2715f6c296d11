import type { RuleDef } from "../model/types.js";

// Rule ids are stable; bump `version` when a rule's meaning changes so old answers still say which
// version judged them. Among the rules that match a reply, the first one of the highest severity wins,
// so protocol-specific rules are listed before these general ones.

export function noConcern(id: string, appliesTo: RuleDef["appliesTo"], description: string): RuleDef {
  return {
    id,
    version: 1,
    appliesTo,
    when: { kind: "any" },
    severity: "NONE",
    reasonCode: "NO_CONCERN",
    description,
    action: "No action needed.",
  };
}

export const RED_FLAG_RULES: readonly RuleDef[] = [
  {
    id: "general.red-flags.yes",
    version: 1,
    appliesTo: ["red_flags"],
    when: { kind: "yes" },
    severity: "EMERGENT",
    reasonCode: "RED_FLAG_SYMPTOM",
    description: "Patient reports chest pain, severe trouble breathing, fainting or new confusion.",
    action: "Call the patient now; if not reached or symptoms confirmed, direct to 911.",
  },
  noConcern("general.red-flags.no", ["red_flags"], "No red-flag symptoms reported."),
];

const MED_ACTION_STOPPED = "Call to find out which medicine was stopped and why; involve the prescriber.";

export const MEDICATION_RULES: readonly RuleDef[] = [
  {
    id: "general.meds.stopped-high-risk",
    version: 1,
    appliesTo: ["medications"],
    when: {
      kind: "all",
      of: [
        { kind: "option_in", options: [3] },
        { kind: "context_nonempty", key: "highRiskMedClasses" },
      ],
    },
    severity: "URGENT",
    reasonCode: "MED_STOPPED_HIGH_RISK",
    description: "Stopped a medicine while on a high-risk class (diuretic, blood thinner or insulin).",
    action: MED_ACTION_STOPPED,
  },
  {
    id: "general.meds.stopped",
    version: 1,
    appliesTo: ["medications"],
    when: { kind: "option_in", options: [3] },
    severity: "ROUTINE",
    reasonCode: "MED_STOPPED",
    description: "Stopped one of the new medicines (no high-risk class on the list).",
    action: MED_ACTION_STOPPED,
  },
  {
    id: "general.meds.access",
    version: 1,
    appliesTo: ["medications"],
    when: { kind: "option_in", options: [2] },
    severity: "ROUTINE",
    reasonCode: "MED_ACCESS_BARRIER",
    description: "Could not fill a prescription (cost or pharmacy).",
    action: "Send cost/assistance resources and help with the pharmacy or a cheaper alternative.",
    patientReply: "MED_COST_RESOURCES",
  },
  {
    id: "general.meds.confused",
    version: 1,
    appliesTo: ["medications"],
    when: { kind: "option_in", options: [4] },
    severity: "ROUTINE",
    reasonCode: "MED_CONFUSION",
    description: "Confused about the medicines.",
    action: "Call to reconcile the medicine list and teach back.",
  },
  noConcern("general.meds.taking", ["medications"], "Filled and taking all new medicines."),
];

export const FOLLOWUP_RULES: readonly RuleDef[] = [
  {
    id: "general.followup.no-appointment",
    version: 1,
    appliesTo: ["followup"],
    when: { kind: "option_in", options: [2] },
    severity: "ROUTINE",
    reasonCode: "FOLLOWUP_NOT_SCHEDULED",
    description: "No follow-up appointment yet.",
    action: "Book the follow-up visit (ideally within 7 days of discharge).",
  },
  {
    id: "general.followup.no-ride",
    version: 1,
    appliesTo: ["followup"],
    when: { kind: "option_in", options: [3] },
    severity: "ROUTINE",
    reasonCode: "TRANSPORT_NEEDED",
    description: "No ride to the follow-up appointment.",
    action: "Arrange transport for the follow-up visit.",
  },
  noConcern("general.followup.ok", ["followup"], "Has the follow-up appointment and a ride."),
];

/** Apply to every reply of every protocol, after the protocol's own rules. */
export const ANY_REPLY_RULES: readonly RuleDef[] = [
  {
    id: "general.emergency-words",
    version: 1,
    appliesTo: "ANY_REPLY",
    when: { kind: "emergency_words" },
    severity: "EMERGENT",
    reasonCode: "EMERGENCY_WORDS",
    description: "Emergency words in the text (e.g. chest pain, can't breathe, suicidal, overdose; EN/ES).",
    action: "Call the patient now; if not reached, follow the emergency escalation (911 / crisis line).",
  },
  {
    id: "general.opt-out-request",
    version: 1,
    appliesTo: "ANY_REPLY",
    when: { kind: "opt_out_request" },
    severity: "ROUTINE",
    reasonCode: "OPT_OUT_REQUEST",
    description: "Plain-language request to stop texts (not a carrier keyword).",
    action: "Call to confirm whether the patient wants to stop the check-in texts; record the choice.",
  },
  {
    id: "general.patient-message",
    version: 1,
    appliesTo: ["free_text"],
    when: { kind: "any" },
    severity: "ROUTINE",
    reasonCode: "PATIENT_MESSAGE",
    description: "Free-text message from the patient for a nurse to review.",
    action: "Read the message and reply or call as needed.",
  },
];

/** Not a table rule: what an answer becomes when re-asks are exhausted (see REASK_LIMIT). */
export const REASK_EXHAUSTED_RULE: RuleDef = {
  id: "general.reask-exhausted",
  version: 1,
  appliesTo: "ANY_REPLY",
  when: { kind: "any" },
  severity: "ROUTINE",
  reasonCode: "REPLY_NOT_UNDERSTOOD",
  description: "Reply still not understood after the re-asks allowed.",
  action: "Call the patient to get the answer by phone.",
};
