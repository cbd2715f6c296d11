import type { RuleDef } from "../model/types.js";
import { noConcern } from "./rules-general.js";

const CALL_NOW_911 = "Call now; if symptoms are confirmed or the patient is not reached, direct to 911.";

export const AMI_RULES: readonly RuleDef[] = [
  {
    id: "ami.chest-pain.lasting",
    version: 1,
    appliesTo: ["ami_chest_pain"],
    when: { kind: "option_in", options: [3] },
    severity: "EMERGENT",
    reasonCode: "AMI_CHEST_PAIN",
    description: "Chest/arm/jaw/back pain lasting over 5 minutes or not relieved by the chest-pain medicine.",
    action: "Call now; the patient is told to call 911 and not to drive.",
    patientReply: "EMERGENCY_911_DO_NOT_DRIVE",
  },
  {
    id: "ami.chest-pain.brief",
    version: 1,
    appliesTo: ["ami_chest_pain"],
    when: { kind: "option_in", options: [2] },
    severity: "URGENT",
    reasonCode: "AMI_CHEST_PAIN_BRIEF",
    description: "Brief chest/arm/jaw/back pain that went away.",
    action: "Call within 2 h: assess the episode and inform the cardiology team.",
  },
  noConcern("ami.chest-pain.none", ["ami_chest_pain"], "No chest pressure or pain."),
];

export const PNA_RULES: readonly RuleDef[] = [
  {
    id: "pna.temperature.implausible",
    version: 1,
    appliesTo: ["pna_temperature"],
    when: { kind: "implausible" },
    severity: "ROUTINE",
    reasonCode: "DATA_QUALITY",
    description: "Temperature still implausible after a re-ask (below 90 F or above 110 F).",
    action: "Call to check the thermometer reading.",
  },
  {
    id: "pna.temperature.fever",
    version: 1,
    appliesTo: ["pna_temperature"],
    when: { kind: "number", op: "gte", value: 100.4 },
    severity: "URGENT",
    reasonCode: "PNA_FEVER",
    description: "Temperature of 100.4 F or higher.",
    action: "Call within 2 h: assess breathing and hydration; inform the prescriber.",
  },
  noConcern("pna.temperature.normal", ["pna_temperature"], "Temperature below 100.4 F."),
  {
    id: "pna.mucus.colored-or-bloody",
    version: 1,
    appliesTo: ["pna_mucus"],
    when: { kind: "option_in", options: [2, 3] },
    severity: "URGENT",
    reasonCode: "PNA_SPUTUM",
    description: "Yellow/green or bloody mucus.",
    action: "Call within 2 h: assess symptoms; inform the prescriber.",
  },
  noConcern("pna.mucus.clear", ["pna_mucus"], "Clear mucus."),
  {
    id: "pna.free.respiratory",
    version: 1,
    appliesTo: ["free_text", "pna_temperature", "pna_mucus"],
    when: {
      kind: "phrases",
      phrases: {
        en: [
          "trouble breathing",
          "hard to breathe",
          "short of breath",
          "shortness of breath",
          "blue lips",
          "lips are blue",
          "chest pain*",
        ],
        es: [
          "dificultad para respirar",
          "me falta el aire",
          "falta de aire",
          "labios azules",
          "dolor de pecho",
        ],
      },
    },
    severity: "EMERGENT",
    reasonCode: "PNA_RED_FLAG",
    description: "Trouble breathing, chest pain or blue lips.",
    action: CALL_NOW_911,
  },
];

export const POSTOP_RULES: readonly RuleDef[] = [
  {
    id: "postop.wound-or-calf.yes",
    version: 1,
    appliesTo: ["postop_wound"],
    when: { kind: "yes" },
    severity: "URGENT",
    reasonCode: "POSTOP_INFECTION_OR_DVT",
    description: "Fever over 101 F, wound redder or draining more, or calf pain/swelling.",
    action: "Call within 2 h: assess the wound and calf; contact the surgical team.",
  },
  noConcern("postop.wound-or-calf.no", ["postop_wound"], "No fever, wound change or calf symptoms."),
  {
    id: "postop.free.pe",
    version: 1,
    appliesTo: ["free_text", "postop_wound"],
    when: {
      kind: "phrases",
      phrases: {
        en: [
          "chest pain*",
          "short of breath",
          "shortness of breath",
          "trouble breathing",
          "hard to breathe",
          "cant breath*",
        ],
        es: [
          "dolor de pecho",
          "me falta el aire",
          "falta de aire",
          "dificultad para respirar",
          "no puedo respirar",
        ],
      },
    },
    severity: "EMERGENT",
    reasonCode: "POSTOP_PE",
    description: "Sudden chest pain or breathlessness after surgery (possible clot in the lung).",
    action: CALL_NOW_911,
  },
];

/** `dmHigh` is protocol data: a new protocol version may change it. */
export function dmRules(dmHigh: number): readonly RuleDef[] {
  return [
    {
      id: "dm.glucose.implausible",
      version: 1,
      appliesTo: ["dm_glucose"],
      when: { kind: "implausible" },
      severity: "ROUTINE",
      reasonCode: "DATA_QUALITY",
      description: "Reading still implausible after a re-ask (below 20 or above 600 without a meter LO/HI).",
      action: "Call to check the meter reading; ask about low-sugar symptoms.",
    },
    {
      id: "dm.glucose.severe-low",
      version: 1,
      appliesTo: ["dm_glucose"],
      when: { kind: "number", op: "lt", value: 54 },
      severity: "EMERGENT",
      reasonCode: "DM_SEVERE_LOW",
      description: "Blood sugar below 54 mg/dL (or the meter shows LO).",
      action: "Call now: confirm the 15-15 rule was followed; 911 if confused or not improving.",
      patientReply: "HYPOGLYCEMIA_SEVERE",
    },
    {
      id: "dm.glucose.low",
      version: 1,
      appliesTo: ["dm_glucose"],
      when: { kind: "number", op: "lt", value: 70 },
      severity: "URGENT",
      reasonCode: "DM_LOW",
      description: "Blood sugar below 70 mg/dL.",
      action: "Call within 2 h: confirm the recheck after the 15-15 rule; review the insulin/medicine plan.",
      patientReply: "HYPOGLYCEMIA_15_15",
    },
    {
      id: "dm.glucose.high",
      version: 1,
      appliesTo: ["dm_glucose"],
      when: { kind: "number", op: "gt", value: dmHigh },
      severity: "URGENT",
      reasonCode: "DM_HIGH",
      description: `Blood sugar above ${dmHigh} mg/dL (or the meter shows HI).`,
      action: "Call within 2 h: ask about symptoms, fluids and missed doses; inform the prescriber.",
    },
    noConcern("dm.glucose.in-range", ["dm_glucose"], `Blood sugar between 70 and ${dmHigh} mg/dL.`),
    {
      id: "dm.free.confused",
      version: 1,
      appliesTo: ["free_text", "dm_glucose"],
      when: {
        kind: "phrases",
        phrases: {
          en: ["confused", "confusion", "cant think", "not making sense", "very shaky"],
          es: ["confundid*", "confusion", "no puede pensar", "muy tembloros*"],
        },
      },
      severity: "EMERGENT",
      reasonCode: "DM_SEVERE_LOW",
      description: "Confusion or severe shakiness (possible severe low sugar).",
      action: "Call now; 911 if the patient cannot safely treat the low.",
      patientReply: "HYPOGLYCEMIA_SEVERE",
    },
  ];
}
