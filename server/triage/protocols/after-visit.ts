import type { QuestionDef, RuleDef } from "../model/types.js";
import { opt } from "./questions-conditions.js";
import { noConcern } from "./rules-general.js";

// After an attended follow-up visit (issue 15): did the medicines change and can the patient get
// them, and do they understand the new plan. Same SMS rules as questions.ts: no drug names.

export const AFTER_VISIT_QUESTIONS: Readonly<Record<"visit_meds" | "visit_plan", QuestionDef>> = {
  visit_meds: {
    topic: "visit_meds",
    text: {
      en: "Did the doctor change any of your medicines at your visit? 1 yes, and I have them, 2 no, 3 yes, but I cannot get them",
      es: "¿El médico le cambió alguna medicina en su cita? 1 sí, y ya las tengo, 2 no, 3 sí, pero no las puedo conseguir",
    },
    answer: {
      kind: "option",
      yesOption: 1,
      noOption: 2,
      options: [
        opt(1, "yes, and I have them", "sí, y ya las tengo", {
          en: ["have them", "got them", "picked them up"],
          es: ["ya las tengo", "ya las recogi"],
        }),
        opt(2, "no", "no", {
          en: ["no changes", "nothing changed", "same medicines", "same meds"],
          es: ["sin cambios", "no cambio nada", "las mismas"],
        }),
        opt(3, "yes, but I cannot get them", "sí, pero no las puedo conseguir", {
          en: [
            "cant get",
            "cannot get",
            "could not get",
            "couldnt get",
            "afford*",
            "expensive",
            "cost*",
            "pharmacy",
            "insurance",
            "not filled",
            "havent filled",
          ],
          es: ["no las puedo conseguir", "no puedo conseguir*", "muy car*", "cuesta*", "farmacia", "seguro"],
        }),
      ],
    },
  },
  visit_plan: {
    topic: "visit_plan",
    text: {
      en: "Do you understand your new plan from the visit? 1 yes, 2 no",
      es: "¿Entiende su nuevo plan de la cita? 1 sí, 2 no",
    },
    answer: {
      kind: "option",
      yesOption: 1,
      noOption: 2,
      options: [
        opt(1, "yes", "sí", {
          en: ["i understand", "understand it", "clear"],
          es: ["entiendo", "esta claro"],
        }),
        opt(2, "no", "no", {
          en: ["dont understand", "do not understand", "not sure", "confus*", "questions", "unclear"],
          es: ["no entiendo", "no estoy segur*", "confundid*", "dudas", "preguntas"],
        }),
      ],
    },
  },
};

export const AFTER_VISIT_RULES: readonly RuleDef[] = [
  {
    id: "visit.meds.changed-cannot-get",
    version: 1,
    appliesTo: ["visit_meds"],
    when: { kind: "option_in", options: [3] },
    severity: "ROUTINE",
    reasonCode: "VISIT_MED_ACCESS",
    description: "Medicines changed at the follow-up visit and the patient cannot get them.",
    action: "Help with the pharmacy, cost or a cheaper alternative for the medicines changed at the visit.",
    patientReply: "MED_COST_RESOURCES",
  },
  noConcern("visit.meds.ok", ["visit_meds"], "No change, or the new medicines are in hand."),
  {
    id: "visit.plan.not-understood",
    version: 1,
    appliesTo: ["visit_plan"],
    when: { kind: "option_in", options: [2] },
    severity: "ROUTINE",
    reasonCode: "VISIT_PLAN_UNCLEAR",
    description: "Does not understand the plan from the follow-up visit.",
    action: "Call to go over the plan from the visit and teach back.",
  },
  noConcern("visit.plan.ok", ["visit_plan"], "Understands the plan from the visit."),
];
