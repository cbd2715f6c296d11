import type { History, JudgeContext, ProtocolId, Severity, Topic } from "./model/types.js";

/**
 * Realistic replies with the outcome CLINICAL-PROTOCOLS.md calls for. Shared by the table test and the
 * bench. `expect` is a severity or "UNPARSEABLE" (a re-ask); `reason` is checked when given.
 */
export interface JudgeCase {
  protocol: ProtocolId;
  topic: Topic;
  reply: string;
  expect: Severity | "UNPARSEABLE";
  reason?: string;
  history?: History;
  context?: JudgeContext;
  reaskCount?: number;
}

type Extra = Pick<JudgeCase, "history" | "context" | "reaskCount">;

export function tc(
  protocol: ProtocolId,
  topic: Topic,
  reply: string,
  expect: JudgeCase["expect"],
  reason?: string,
  extra: Extra = {},
): JudgeCase {
  return { protocol, topic, reply, expect, ...(reason ? { reason } : {}), ...extra };
}

/** weights(1, 182, 7, 180): earlier weights as [daysAgo, lb] pairs. */
export function weights(...pairs: number[]): { history: History } {
  const ws: { daysAgo: number; lb: number }[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) ws.push({ daysAgo: pairs[i] ?? 0, lb: pairs[i + 1] ?? 0 });
  return { history: { weights: ws } };
}

export const HIGH_RISK: Extra = { context: { highRiskMedClasses: ["diuretic"] } };

const U = "UNPARSEABLE";
const N = "NO_CONCERN";

export const GENERAL_CASES: JudgeCase[] = [
  // red flags
  tc("GENERAL", "red_flags", "NO", "NONE", N),
  tc("GENERAL", "red_flags", "Nope", "NONE", N),
  tc("GENERAL", "red_flags", "nah im good", "NONE", N),
  tc("HF", "red_flags", "No!!", "NONE", N),
  tc("HF", "red_flags", "N", "NONE", N),
  tc("COPD", "red_flags", "no chest pain, breathing ok", "NONE", N),
  tc("AMI", "red_flags", "I don't have any chest pain", "NONE", N),
  tc("PNA", "red_flags", "no, feeling fine", "NONE", N),
  tc("DM", "red_flags", "all good here", "NONE", N),
  tc("GENERAL", "red_flags", "YES", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("HF", "red_flags", "yes, chest pain this morning", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("HF", "red_flags", "yeah", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("AMI", "red_flags", "Y", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("THA_TKA", "red_flags", "no. but i fainted yesterday", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("DM", "red_flags", "I feel a little confused today", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("COPD", "red_flags", "I can't breathe", "EMERGENT", "EMERGENCY_WORDS"),
  // The red-flag question names chest pain: reported after a "No." it is the question's own YES.
  tc("HF", "red_flags", "No. Chest pain since this morning", "EMERGENT", "RED_FLAG_SYMPTOM"),
  // Doubt about a red flag is read as YES (issue #10: the more severe reading wins).
  tc("GENERAL", "red_flags", "maybe?", "EMERGENT", "RED_FLAG_SYMPTOM"),
  tc("GENERAL", "red_flags", "what?", U),
  tc("GENERAL", "red_flags", "not sure", U),
  // medications
  tc("GENERAL", "medications", "1", "NONE", N),
  tc("HF", "medications", "yes", "NONE", N),
  tc("COPD", "medications", "Yes all of them", "NONE", N),
  tc("GENERAL", "medications", "2", "ROUTINE", "MED_ACCESS_BARRIER"),
  tc("AMI", "medications", "couldn't afford it", "ROUTINE", "MED_ACCESS_BARRIER"),
  tc("PNA", "medications", "too expensive", "ROUTINE", "MED_ACCESS_BARRIER"),
  tc("GENERAL", "medications", "pharmacy didnt have it", "ROUTINE", "MED_ACCESS_BARRIER"),
  tc("GENERAL", "medications", "3", "ROUTINE", "MED_STOPPED"),
  tc("HF", "medications", "3", "URGENT", "MED_STOPPED_HIGH_RISK", HIGH_RISK),
  tc(
    "HF",
    "medications",
    "I stopped the water pill, it makes me pee",
    "URGENT",
    "MED_STOPPED_HIGH_RISK",
    HIGH_RISK,
  ),
  tc("COPD", "medications", "stopped one, made me dizzy", "ROUTINE", "MED_STOPPED"),
  tc("GENERAL", "medications", "4", "ROUTINE", "MED_CONFUSION"),
  tc("GENERAL", "medications", "confused", "ROUTINE", "MED_CONFUSION"),
  tc("DM", "medications", "option 4 - confused", "ROUTINE", "MED_CONFUSION"),
  tc("HF", "medications", "four", "ROUTINE", "MED_CONFUSION"),
  tc("GENERAL", "medications", "no", U),
  tc("GENERAL", "medications", "7", U),
  // follow-up and transport
  tc("GENERAL", "followup", "1", "NONE", N),
  tc("HF", "followup", "yes", "NONE", N),
  tc("GENERAL", "followup", "2", "ROUTINE", "FOLLOWUP_NOT_SCHEDULED"),
  tc("AMI", "followup", "no appointment yet", "ROUTINE", "FOLLOWUP_NOT_SCHEDULED"),
  tc("GENERAL", "followup", "3", "ROUTINE", "TRANSPORT_NEEDED"),
  tc("DM", "followup", "I need a ride", "ROUTINE", "TRANSPORT_NEEDED"),
  tc("PNA", "followup", "#3", "ROUTINE", "TRANSPORT_NEEDED"),
  tc("GENERAL", "followup", "huh", U),
  // free text
  tc("GENERAL", "free_text", "thanks!", "ROUTINE", "PATIENT_MESSAGE"),
  tc("GENERAL", "free_text", "chest pain", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "I cant breathe", "EMERGENT", "EMERGENCY_WORDS"),
  tc("HF", "free_text", "can't breathe!!", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "I'm having thoughts of suicide", "EMERGENT", "EMERGENCY_WORDS"),
  tc("AMI", "free_text", "I took too many pills", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "i think i overdosed", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "keep passing out", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "I want to kill myself", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "My mom passed out, calling 911", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "no fever and chest pain", "EMERGENT", "EMERGENCY_WORDS"),
  tc("THA_TKA", "free_text", "I'm bleeding a lot from my incision", "EMERGENT", "EMERGENCY_WORDS"),
  tc("GENERAL", "free_text", "no chest pain today, just tired", "ROUTINE", "PATIENT_MESSAGE"),
  tc("GENERAL", "free_text", "I don't have chest pain, when is my appt?", "ROUTINE", "PATIENT_MESSAGE"),
  tc("GENERAL", "free_text", "I'm confused about my pills", "ROUTINE", "PATIENT_MESSAGE"),
  tc("GENERAL", "free_text", "stop texting me", "ROUTINE", "OPT_OUT_REQUEST"),
  tc("HF", "free_text", "please stop sending these", "ROUTINE", "OPT_OUT_REQUEST"),
  tc("DM", "free_text", "I'm confused and shaky", "EMERGENT", "DM_SEVERE_LOW"),
  tc("COPD", "free_text", "confused and my lips look blue", "EMERGENT", "COPD_RED_ZONE"),
  tc("PNA", "free_text", "it's hard to breathe", "EMERGENT", "PNA_RED_FLAG"),
  tc("THA_TKA", "free_text", "sudden chest pain", "EMERGENT", "POSTOP_PE"),
  tc("THA_TKA", "free_text", "I'm short of breath", "EMERGENT", "POSTOP_PE"),
  tc("HF", "free_text", "getting short of breath", "URGENT", "HF_BREATHING_WORSE"),
  tc("COPD", "free_text", "wheezing a lot today", "URGENT", "COPD_YELLOW_ZONE"),
  tc("GENERAL", "free_text", "I don't want to live anymore", "EMERGENT", "EMERGENCY_WORDS"),
  tc("HF", "medications", "yes but it was expensive", "ROUTINE", "MED_ACCESS_BARRIER"),
];
