import { PROTOCOL_TITLES } from "../../domain/index.js";
import type { ProtocolDefinition, ProtocolId, QuestionDef, RuleDef, Topic } from "../model/types.js";
import { AFTER_VISIT_QUESTIONS, AFTER_VISIT_RULES } from "./after-visit.js";
import { QUESTIONS } from "./questions.js";
import { AMI_RULES, dmRules, PNA_RULES, POSTOP_RULES } from "./rules-acute.js";
import { ANY_REPLY_RULES, FOLLOWUP_RULES, MEDICATION_RULES, RED_FLAG_RULES } from "./rules-general.js";
import { COPD_RULES, HF_RULES } from "./rules-hf-copd.js";
import { ANY_REPLY_RULES_V2, MEDICATION_RULES_V2, V2_SOURCES } from "./rules-v2.js";
import { ANY_REPLY_RULES_V3, V3_SOURCES } from "./rules-v3.js";

export const PROTOCOL_DISCLAIMER =
  "Demonstration protocol drawn from public patient-education material (AHA heart-failure zones, American Lung " +
  "Association COPD action plan, AHA heart-attack warning signs, ADA hypoglycemia levels, orthopedic discharge " +
  "sheets). It is not medical advice; a clinical lead must approve any real use.";

interface GeneralRules {
  redFlags: readonly RuleDef[];
  medications: readonly RuleDef[];
  followup: readonly RuleDef[];
  anyReply: readonly RuleDef[];
}

const GENERAL_V1: GeneralRules = {
  redFlags: RED_FLAG_RULES,
  medications: MEDICATION_RULES,
  followup: FOLLOWUP_RULES,
  anyReply: ANY_REPLY_RULES,
};

const GENERAL_V2: GeneralRules = {
  redFlags: RED_FLAG_RULES,
  medications: MEDICATION_RULES_V2,
  followup: FOLLOWUP_RULES,
  anyReply: ANY_REPLY_RULES_V2,
};

const GENERAL_V3: GeneralRules = { ...GENERAL_V2, anyReply: ANY_REPLY_RULES_V3 };

interface ProtocolSource {
  id: ProtocolId;
  version: number;
  /** Condition-specific topics; red_flags comes first and medications/followup last in every protocol. */
  topics: readonly Topic[];
  rules: readonly RuleDef[];
  general?: GeneralRules;
}

function build(src: ProtocolSource): ProtocolDefinition {
  const g = src.general ?? GENERAL_V1;
  const topics: Topic[] = ["red_flags", ...src.topics, "medications", "followup"];
  const questions: QuestionDef[] = topics.map((t) => QUESTIONS[t]);
  return {
    id: src.id,
    version: src.version,
    // The title is the protocol's name in the shared vocabulary, the same in every version.
    title: PROTOCOL_TITLES[src.id],
    questions,
    // The after-visit rules only apply to their own topics, so every version carries them.
    rules: [
      ...g.redFlags,
      ...src.rules,
      ...g.medications,
      ...g.followup,
      ...AFTER_VISIT_RULES,
      ...g.anyReply,
    ],
    afterVisit: {
      "24H": [AFTER_VISIT_QUESTIONS.visit_meds, AFTER_VISIT_QUESTIONS.visit_plan],
      "1W": [QUESTIONS.medications, AFTER_VISIT_QUESTIONS.visit_plan],
    },
  };
}

// Every version ever published stays here so an old answer can be re-explained with the rules that judged it.
const SOURCES: readonly ProtocolSource[] = [
  { id: "GENERAL", version: 1, topics: [], rules: [] },
  {
    id: "HF",
    version: 1,
    topics: ["hf_weight", "hf_breathing", "hf_swelling"],
    rules: HF_RULES,
  },
  { id: "COPD", version: 1, topics: ["copd_breathing", "copd_mucus"], rules: COPD_RULES },
  { id: "AMI", version: 1, topics: ["ami_chest_pain"], rules: AMI_RULES },
  { id: "PNA", version: 1, topics: ["pna_temperature", "pna_mucus"], rules: PNA_RULES },
  { id: "THA_TKA", version: 1, topics: ["postop_wound"], rules: POSTOP_RULES },
  { id: "DM", version: 1, topics: ["dm_glucose"], rules: dmRules(300) },
  // v2 (issue #10): broader emergency words (every reply), high-risk stops named by drug or class,
  // protocol symptoms in free text or beside another answer (HF swelling, PNA fever, post-op wound/calf).
  ...V2_SOURCES.map((s) => ({ ...s, general: GENERAL_V2 })),
  // v3: more emergency kinds (overdose by count or intent, one-sided numbness, worst headache, head injury,
  // GI bleeding, pink frothy sputum) and DM sugar readings said outside the glucose question.
  ...V3_SOURCES.map((s) => ({ ...s, general: GENERAL_V3 })),
];

const ALL: readonly ProtocolDefinition[] = SOURCES.map(build);

/** Every rule of every published version (the typo corrector's lexicon reads their phrases). */
export function allPublishedRules(): RuleDef[] {
  return ALL.flatMap((p) => p.rules);
}

export class UnknownProtocolError extends Error {
  readonly code = "UNKNOWN_PROTOCOL_VERSION";
}

/** The protocol at `version`, or its latest version. Throws UnknownProtocolError for a version never published. */
export function getProtocol(protocol: ProtocolId, version?: number): ProtocolDefinition {
  const versions = ALL.filter((p) => p.id === protocol);
  const found =
    version === undefined
      ? versions.reduce<ProtocolDefinition | undefined>(
          (a, p) => (a && a.version > p.version ? a : p),
          undefined,
        )
      : versions.find((p) => p.version === version);
  if (!found) throw new UnknownProtocolError(`No protocol ${protocol} version ${version ?? "(latest)"}`);
  return found;
}

export interface ProtocolSummary {
  id: ProtocolId;
  version: number;
  title: string;
  disclaimer: string;
  questions: { topic: Topic; text: { en: string; es: string }; answerKind: QuestionDef["answer"]["kind"] }[];
  rules: {
    id: string;
    version: number;
    topics: readonly Topic[] | "ANY_REPLY";
    severity: RuleDef["severity"];
    reasonCode: string;
    description: string;
    action: string;
  }[];
}

/** Latest version of every protocol, shaped for the admin protocol viewer. */
export function listProtocols(): ProtocolSummary[] {
  const ids = [...new Set(ALL.map((p) => p.id))];
  return ids.map((id) => {
    const p = getProtocol(id);
    return {
      id: p.id,
      version: p.version,
      title: p.title,
      disclaimer: PROTOCOL_DISCLAIMER,
      questions: p.questions.map((q) => ({ topic: q.topic, text: q.text, answerKind: q.answer.kind })),
      rules: p.rules.map((r) => ({
        id: r.id,
        version: r.version,
        topics: r.appliesTo,
        severity: r.severity,
        reasonCode: r.reasonCode,
        description: r.description,
        action: r.action,
      })),
    };
  });
}
