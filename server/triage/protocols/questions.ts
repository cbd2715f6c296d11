import type { QuestionDef, Topic } from "../model/types.js";
import { AFTER_VISIT_QUESTIONS } from "./after-visit.js";
import { CONDITION_QUESTIONS, opt } from "./questions-conditions.js";

// SMS texts follow "minimum necessary": no diagnosis, drug names or results, never an echo of the reply.

export const QUESTIONS: Readonly<Record<Topic, QuestionDef>> = {
  red_flags: {
    topic: "red_flags",
    text: {
      en: "Any chest pain, severe trouble breathing, fainting or new confusion? Reply YES or NO",
      es: "¿Tiene dolor de pecho, mucha dificultad para respirar, desmayos o confusión nueva? Responda SÍ o NO",
    },
    answer: {
      kind: "yes_no",
      yesHints: {
        en: ["confus*", "faint*", "passed out", "chest pain*", "trouble breathing", "short of breath"],
        es: ["confundid*", "confusion", "desmay*", "dolor de pecho", "dificultad para respirar"],
      },
    },
  },
  medications: {
    topic: "medications",
    text: {
      en: "Have you filled and are you taking all your new medicines? 1 yes, 2 could not fill (cost/pharmacy), 3 stopped one, 4 confused",
      es: "¿Ya surtió y está tomando todas sus medicinas nuevas? 1 sí, 2 no pude surtirlas (costo/farmacia), 3 dejé una, 4 tengo dudas",
    },
    answer: {
      kind: "option",
      yesOption: 1,
      stoppedOption: 3,
      options: [
        opt(1, "yes", "sí", {
          en: ["all of them", "taking them", "taking all"],
          es: ["todas", "las estoy tomando"],
        }),
        opt(2, "could not fill", "no pude surtirlas", {
          en: [
            "could not fill",
            "couldnt fill",
            "afford*",
            "expensive",
            "cost*",
            "pharmacy",
            "insurance",
            "havent filled",
            "didnt fill",
            "ran out",
            "out of ~ pill*|meds|medicine*|insulin|inhaler|prescription*|refill*",
            "no refills",
          ],
          es: [
            "no pude surtir*",
            "muy car*",
            "cuesta*",
            "farmacia",
            "seguro",
            "no tengo dinero",
            "no las he surtido",
            "se me acabaron",
            "se me acab* ~ pastilla*|medicina*|insulina|receta",
            "no tengo ~ pastilla*|medicina*|insulina|receta",
          ],
        }),
        opt(3, "stopped one", "dejé una", {
          en: ["stopped", "quit taking", "not taking", "stop taking"],
          es: ["deje", "ya no tomo", "ya no la tomo", "suspendi"],
        }),
        opt(4, "confused", "tengo dudas", {
          en: ["confus*", "not sure which", "dont understand", "questions"],
          es: ["confundid*", "no entiendo", "dudas", "tengo preguntas"],
        }),
      ],
    },
  },
  followup: {
    topic: "followup",
    text: {
      en: "Do you have your follow-up appointment and a ride? 1 yes, 2 no appointment, 3 no ride",
      es: "¿Tiene su cita de seguimiento y cómo llegar? 1 sí, 2 no tengo cita, 3 no tengo transporte",
    },
    answer: {
      kind: "option",
      yesOption: 1,
      options: [
        opt(1, "yes", "sí", { en: ["have both", "all set"], es: ["tengo las dos", "todo listo"] }),
        opt(2, "no appointment", "no tengo cita", {
          en: [
            "no appointment",
            "dont have an appointment",
            "no appt",
            "need an appointment",
            "not scheduled",
          ],
          es: ["no tengo cita", "sin cita", "necesito cita", "no hay cita"],
        }),
        opt(3, "no ride", "no tengo transporte", {
          en: [
            "no ride",
            "need a ride",
            "dont have a ride",
            "without a ride",
            "no one to drive me",
            "nobody to drive me",
            "no transportation",
            "no way to get",
            "no car",
            "cant drive",
            "need transport*",
          ],
          es: [
            "no tengo transporte",
            "sin transporte",
            "no tengo como llegar",
            "necesito transporte",
            "no tengo carro",
            "no tengo raite",
            "no tengo ride",
            "no tengo quien me lleve",
          ],
        }),
      ],
    },
  },
  free_text: {
    topic: "free_text",
    text: {
      en: "Anything else your nurse should know? Reply here any time.",
      es: "¿Algo más que su enfermera deba saber? Responda aquí cuando quiera.",
    },
    answer: { kind: "free_text" },
  },
  ...CONDITION_QUESTIONS,
  ...AFTER_VISIT_QUESTIONS,
};
