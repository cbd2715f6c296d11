import { z } from "zod";
import { protocolIdSchema, severitySchema, taskPrioritySchema } from "../../domain/index.js";

// The domain vocabulary (server/domain/) holds these enums; its test and protocols.test.ts check that they equal
// the Prisma enums, so the triage core stays a pure module usable by the CLI, benches and the admin SPA.
export const ProtocolSchema = protocolIdSchema;
export type ProtocolId = z.infer<typeof ProtocolSchema>;

export const SeveritySchema = severitySchema;
export type Severity = z.infer<typeof SeveritySchema>;

export const TaskPrioritySchema = taskPrioritySchema;
export type TaskPriority = z.infer<typeof TaskPrioritySchema>;

export const TopicSchema = z.enum([
  "red_flags",
  "hf_weight",
  "hf_breathing",
  "hf_swelling",
  "copd_breathing",
  "copd_mucus",
  "ami_chest_pain",
  "pna_temperature",
  "pna_mucus",
  "postop_wound",
  "dm_glucose",
  "medications",
  "followup",
  "free_text",
  // After an attended follow-up visit (issue 15, "visit-after"): asked at 24 h and 1 week.
  "visit_meds",
  "visit_plan",
]);
export type Topic = z.infer<typeof TopicSchema>;

export const LanguageSchema = z
  .enum(["en", "es", "EN", "ES"])
  .transform((l) => l.toLowerCase() as "en" | "es");
export type Lang = "en" | "es";

export type Localized = Record<Lang, string>;
/** Phrase lists are per language; matching is accent- and case-insensitive, `word*` matches a prefix. */
export type PhraseList = { en: readonly string[]; es: readonly string[] };

export type NumberUnit = "lb" | "kg" | "F" | "C" | "mg/dL" | "mmol/L";

export interface OptionDef {
  value: number;
  label: Localized;
  synonyms?: PhraseList;
}

export type AnswerSpec =
  | { kind: "yes_no"; yesHints?: PhraseList }
  | {
      kind: "option";
      options: readonly OptionDef[];
      yesOption?: number;
      noOption?: number;
      /** Option meaning "stopped a medicine": a stop said in words ("quit my lasix") selects it. */
      stoppedOption?: number;
    }
  | {
      kind: "number";
      unit: NumberUnit;
      acceptedUnits: readonly NumberUnit[];
      /** Outside [min, max] (or a jump of maxJump vs the latest history value) is re-asked, then flagged. */
      plausible: { min: number; max: number; maxJump?: number };
      /** Drop numbers said to be past ("was 190 last week") when a current one is also given. */
      ignorePastMentions?: boolean;
      /** Glucose meters show LO/HI outside their range; they are real readings, not typos. */
      meterWords?: { lo: number; hi: number };
    }
  | { kind: "free_text" };

export interface QuestionDef {
  topic: Topic;
  text: Localized;
  answer: AnswerSpec;
}

export type CompareOp = "lt" | "lte" | "gt" | "gte";

/** Rule conditions are data interpreted by evaluate.ts; adding a kind means adding one case there. */
export type Condition =
  | { kind: "yes" }
  | { kind: "no" }
  | { kind: "option_in"; options: readonly number[] }
  | { kind: "number"; op: CompareOp; value: number }
  | { kind: "weight_change"; direction: "gain" | "loss"; windowDays: number; op: CompareOp; lb: number }
  | { kind: "implausible" }
  | { kind: "context_nonempty"; key: "highRiskMedClasses" }
  | { kind: "all"; of: readonly Condition[] }
  | { kind: "any_of"; of: readonly Condition[] }
  | { kind: "emergency_words" }
  /** `anyPolarity`: a mention counts even after a negation ("not taking the eliquis" names the drug). */
  | { kind: "phrases"; phrases: PhraseList; anyPolarity?: boolean }
  | { kind: "opt_out_request" }
  /**
   * A measurement said in free text or beside another answer ("sugar is 40 and shaky"): the reply mentions
   * what was measured and a number read with the measurement question's own spec compares.
   */
  | {
      kind: "reading_in_text";
      mention: PhraseList;
      spec: Extract<AnswerSpec, { kind: "number" }>;
      op: CompareOp;
      value: number;
    }
  | { kind: "any" };

export type PatientReplyKind =
  | "EMERGENCY_911"
  | "EMERGENCY_911_DO_NOT_DRIVE"
  | "NURSE_WILL_CALL"
  | "HYPOGLYCEMIA_15_15"
  /** 15-15 rule plus "call 911 if confused or it does not come up". */
  | "HYPOGLYCEMIA_SEVERE"
  | "MED_COST_RESOURCES"
  | "ACK"
  | "THANKS";

export interface RuleDef {
  id: string;
  version: number;
  /** Topics whose replies this rule reads; "ANY_REPLY" = every inbound text (emergency words, opt-out). */
  appliesTo: readonly Topic[] | "ANY_REPLY";
  when: Condition;
  severity: Severity;
  reasonCode: string;
  description: string;
  action: string;
  /** Overrides the severity's default patient auto-reply (e.g. the 15-15 rule for a low sugar). */
  patientReply?: PatientReplyKind;
}

export interface ProtocolDefinition {
  id: ProtocolId;
  version: number;
  title: string;
  /** Questions of one check-in, in the order they are asked. free_text is always accepted, never asked. */
  questions: readonly QuestionDef[];
  /** Ordered: for equal severity the earlier rule wins, so specific rules precede general ones. */
  rules: readonly RuleDef[];
  /** The question sets asked 24 h and 1 week after an attended follow-up visit (judged by `rules`). */
  afterVisit: Readonly<Record<"24H" | "1W", readonly QuestionDef[]>>;
}

export type ParsedValue =
  | { kind: "yes_no"; value: boolean }
  | { kind: "option"; value: number }
  | {
      kind: "number";
      value: number;
      unit: NumberUnit;
      raw?: number;
      rawUnit?: NumberUnit;
      meter?: "LO" | "HI";
    }
  | { kind: "text"; matched: string[] };

export const WeightHistorySchema = z.object({
  daysAgo: z.number().positive(),
  lb: z.number().positive(),
});
export const HistorySchema = z.object({ weights: z.array(WeightHistorySchema).optional() });
export type History = z.infer<typeof HistorySchema>;

export const ContextSchema = z.object({
  /** Classes on the discharge med list that make a stopped medicine risky (diuretic, anticoagulant, insulin). */
  highRiskMedClasses: z.array(z.string()).optional(),
});
export type JudgeContext = z.infer<typeof ContextSchema>;

export const JudgeInputSchema = z.object({
  protocol: ProtocolSchema,
  protocolVersion: z.number().int().positive().optional(),
  topic: TopicSchema,
  reply: z.string().max(2000),
  language: LanguageSchema.optional(),
  history: HistorySchema.optional(),
  context: ContextSchema.optional(),
  /** How many times this question was already re-asked (0 on the first reply). */
  reaskCount: z.number().int().min(0).optional(),
  receivedAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
});

export interface JudgeInput {
  protocol: ProtocolId;
  /** Defaults to the latest version of the protocol. */
  protocolVersion?: number;
  topic: Topic;
  reply: string;
  /** Language of the re-ask text; parsing always accepts English and Spanish. Defaults to "en". */
  language?: Lang | "EN" | "ES";
  history?: History;
  context?: JudgeContext;
  /** How many times this question was already re-asked (0 on the first reply). */
  reaskCount?: number;
  /** When the reply arrived; only used to compute SLA times (judging never reads the clock). */
  receivedAt?: Date;
}
