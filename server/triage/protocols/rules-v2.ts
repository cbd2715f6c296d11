import { HIGH_RISK_MEDS } from "../model/medications.js";
import type { ProtocolId, RuleDef, Topic } from "../model/types.js";
import { AMI_RULES, dmRules, PNA_RULES, POSTOP_RULES } from "./rules-acute.js";
import { ANY_REPLY_RULES, MEDICATION_RULES } from "./rules-general.js";
import { COPD_RULES, HF_RULES } from "./rules-hf-copd.js";

// Protocol version 2 of every protocol. Version 1 rule lists stay untouched (old answers are re-explained
// with them); changed rules carry version 2, new rules version 1.

function bump(rules: readonly RuleDef[], id: string, change: Partial<RuleDef>): RuleDef[] {
  return rules.map((r) => (r.id === id ? { ...r, ...change, version: r.version + 1 } : r));
}

export const MEDICATION_RULES_V2: readonly RuleDef[] = bump(
  MEDICATION_RULES,
  "general.meds.stopped-high-risk",
  {
    when: {
      kind: "all",
      of: [
        { kind: "option_in", options: [3] },
        {
          kind: "any_of",
          of: [
            { kind: "context_nonempty", key: "highRiskMedClasses" },
            { kind: "phrases", phrases: HIGH_RISK_MEDS, anyPolarity: true },
          ],
        },
      ],
    },
    description:
      "Stopped a medicine while on a high-risk class (diuretic, blood thinner or insulin), or named one in the reply.",
  },
);

export const ANY_REPLY_RULES_V2: readonly RuleDef[] = bump(ANY_REPLY_RULES, "general.emergency-words", {
  description:
    "Emergency words anywhere in the text, EN/ES, negation-aware: chest pain or pressure, radiating shoulder/neck/" +
    "arm/jaw pain, can't breathe, blue or grey lips/fingertips, suicidal or indirect self-harm, overdose, " +
    "a caregiver who cannot rouse the patient, fainting, stroke signs, heavy bleeding.",
});

const HF_SYMPTOM_TOPICS: readonly Topic[] = ["free_text", "red_flags", "hf_weight", "hf_breathing"];

const HF_FREE_SWELLING: RuleDef = {
  id: "hf.free.swelling",
  version: 1,
  appliesTo: HF_SYMPTOM_TOPICS,
  when: {
    kind: "phrases",
    phrases: {
      en: [
        "swell*",
        "swollen",
        "puffy",
        "puffier",
        "shoes ~ tight*",
        "socks ~ tight*|marks",
        "ankles ~ big|bigger|fat",
        "belly ~ bigger|bloated|tight",
        "dizz*",
        "lightheaded",
        "light headed",
      ],
      es: ["hinch*", "inflamad*", "zapatos ~ apretad*", "mare*", "barriga ~ grande|inflada"],
    },
  },
  severity: "URGENT",
  reasonCode: "HF_SWELLING",
  description: "Free text (or another answer) reports new swelling, tight shoes or dizziness.",
  action: "Call within 2 h: assess swelling, weight and blood pressure symptoms.",
};

const PNA_FEVER_WORDS: RuleDef = {
  id: "pna.temperature.fever-words",
  version: 1,
  appliesTo: ["pna_temperature", "free_text", "pna_mucus", "red_flags"],
  when: {
    kind: "phrases",
    phrases: {
      en: ["fever*", "feverish", "burning up", "chills", "temp is high", "running a temp"],
      es: ["fiebre", "calentura", "escalofrio*", "temperatura alta"],
    },
  },
  severity: "URGENT",
  reasonCode: "PNA_FEVER",
  description: "Fever reported in words (no reading, or beside another answer).",
  action: "Call within 2 h: get a temperature reading, assess breathing and hydration.",
};

const POSTOP_FREE: RuleDef = {
  id: "postop.free.wound-or-calf",
  version: 1,
  appliesTo: ["free_text", "red_flags"],
  when: {
    kind: "phrases",
    phrases: {
      en: [
        "fever*",
        "redder",
        "redness",
        "draining",
        "drainage",
        "oozing",
        "pus",
        "calf ~ pain*|hurt*|swell*|swollen|tender",
      ],
      es: ["fiebre", "calentura", "enrojecid*", "supura*", "pus", "pantorrilla ~ dolor|duele|hinchad*"],
    },
  },
  severity: "URGENT",
  reasonCode: "POSTOP_INFECTION_OR_DVT",
  description: "Free text reports fever, a redder or draining wound, or calf pain/swelling.",
  action: "Call within 2 h: assess the wound and calf; contact the surgical team.",
};

export const V2_SOURCES: readonly {
  id: ProtocolId;
  version: number;
  topics: readonly Topic[];
  rules: readonly RuleDef[];
}[] = [
  { id: "GENERAL", version: 2, topics: [], rules: [] },
  {
    id: "HF",
    version: 2,
    topics: ["hf_weight", "hf_breathing", "hf_swelling"],
    rules: [...HF_RULES, HF_FREE_SWELLING],
  },
  { id: "COPD", version: 2, topics: ["copd_breathing", "copd_mucus"], rules: COPD_RULES },
  { id: "AMI", version: 2, topics: ["ami_chest_pain"], rules: AMI_RULES },
  {
    id: "PNA",
    version: 2,
    topics: ["pna_temperature", "pna_mucus"],
    rules: [...PNA_RULES, PNA_FEVER_WORDS],
  },
  {
    id: "THA_TKA",
    version: 2,
    topics: ["postop_wound"],
    rules: [...POSTOP_RULES, POSTOP_FREE],
  },
  { id: "DM", version: 2, topics: ["dm_glucose"], rules: dmRules(300) },
];
