import type { OptionDef, PhraseList, QuestionDef, Topic } from "../model/types.js";

// Condition-specific questions (HF, COPD, AMI, PNA, THA/TKA, DM). Same text rules as questions.ts;
// CLINICAL-PROTOCOLS.md's AMI text names a drug, so here it says "your chest-pain medicine" instead.

export const opt = (value: number, en: string, es: string, synonyms?: PhraseList): OptionDef =>
  synonyms ? { value, label: { en, es }, synonyms } : { value, label: { en, es } };

type ConditionTopic = Exclude<
  Topic,
  "red_flags" | "medications" | "followup" | "free_text" | "visit_meds" | "visit_plan"
>;

export const CONDITION_QUESTIONS: Readonly<Record<ConditionTopic, QuestionDef>> = {
  hf_weight: {
    topic: "hf_weight",
    text: { en: "What is your weight today in pounds?", es: "¿Cuánto pesa hoy en libras?" },
    answer: {
      kind: "number",
      unit: "lb",
      acceptedUnits: ["lb", "kg"],
      plausible: { min: 50, max: 700, maxJump: 30 },
      // Earlier weights come from history; one mentioned in passing must not be judged as today's.
      ignorePastMentions: true,
    },
  },
  hf_breathing: {
    topic: "hf_breathing",
    text: {
      en: "Breathing today: 1 normal, 2 worse with activity, 3 need extra pillows or wake up breathless, 4 breathless sitting still",
      es: "Su respiración hoy: 1 normal, 2 peor al hacer actividad, 3 necesita más almohadas o se despierta sin aire, 4 le falta el aire estando sentado",
    },
    answer: {
      kind: "option",
      options: [
        opt(1, "normal", "normal", {
          en: ["normal", "fine", "good", "ok", "okay", "great", "no problem*"],
          es: ["normal", "bien", "sin problema*"],
        }),
        opt(2, "worse with activity", "peor al hacer actividad", {
          en: [
            "with activity",
            "when i walk",
            "walking",
            "stairs",
            "exertion",
            "when i move",
            "climbing",
            "exercise",
            "chores",
            "showering",
            "moving around",
          ],
          es: [
            "al caminar",
            "con actividad",
            "al hacer actividad",
            "escaleras",
            "cuando camino",
            "al moverme",
            "al bañarme",
          ],
        }),
        opt(3, "need extra pillows or wake up breathless", "más almohadas o se despierta sin aire", {
          en: [
            "pillow*",
            "wake up",
            "woke up",
            "waking up",
            "at night",
            "lie flat",
            "lay flat",
            "propped up",
            "sleep sitting up",
            "recliner",
          ],
          es: [
            "almohada*",
            "me despierto",
            "me desperte",
            "en la noche",
            "de noche",
            "acostarme",
            "dormir sentad*",
          ],
        }),
        opt(4, "breathless sitting still", "le falta el aire estando sentado", {
          en: [
            "sitting still",
            "sitting down",
            "while sitting",
            "just sitting",
            "even sitting",
            "at rest",
            "resting",
            "all the time",
            "lying in bed",
            "lying down",
            "laying in bed",
            "in bed",
            "doing nothing",
            "talking",
            "constantly",
          ],
          es: [
            "sentado",
            "sentada",
            "en reposo",
            "descansando",
            "todo el tiempo",
            "acostad*",
            "en la cama",
            "sin hacer nada",
            "hablando",
          ],
        }),
      ],
    },
  },
  hf_swelling: {
    topic: "hf_swelling",
    text: {
      en: "New or worse swelling in feet, ankles or belly, or dizziness? YES/NO",
      es: "¿Hinchazón nueva o peor en pies, tobillos o barriga, o mareos? SÍ/NO",
    },
    answer: {
      kind: "yes_no",
      yesHints: {
        en: ["swell*", "swollen", "puffy", "puffier", "dizz*", "lightheaded", "light headed", "tight shoes"],
        es: ["hinch*", "mare*", "inflamad*"],
      },
    },
  },
  copd_breathing: {
    topic: "copd_breathing",
    text: {
      en: "Breathing compared with usual: 1 same, 2 worse, 3 much worse",
      es: "Su respiración comparada con lo usual: 1 igual, 2 peor, 3 mucho peor",
    },
    answer: {
      kind: "option",
      options: [
        opt(1, "same", "igual", {
          en: [
            "same",
            "usual",
            "normal",
            "fine",
            "better",
            "good",
            "no change",
            "no different",
            "like always",
            "unchanged",
          ],
          es: ["igual", "lo mismo", "normal", "bien", "mejor", "sin cambio*", "como siempre"],
        }),
        opt(2, "worse", "peor", {
          en: [
            "worse",
            "a little worse",
            "bit worse",
            "somewhat worse",
            "slightly worse",
            "worse than usual",
            "harder",
          ],
          es: ["peor", "un poco peor", "algo peor", "mas dificil"],
        }),
        opt(3, "much worse", "mucho peor", {
          en: [
            "much worse",
            "way worse",
            "a lot worse",
            "really bad",
            "very bad",
            "terrible",
            "awful",
            "horrible",
            "so much worse",
            "far worse",
          ],
          es: ["mucho peor", "muy mal", "muchisimo peor", "horrible", "fatal", "bastante peor"],
        }),
      ],
    },
  },
  copd_mucus: {
    topic: "copd_mucus",
    text: {
      en: "More or changed mucus, or using your rescue inhaler more? YES/NO",
      es: "¿Más flema o flema diferente, o usa más su inhalador de rescate? SÍ/NO",
    },
    answer: {
      kind: "yes_no",
      yesHints: {
        en: [
          "more mucus",
          "more phlegm",
          "green",
          "yellow",
          "thicker",
          "inhaler more",
          "more puffs",
          "using it more",
        ],
        es: [
          "mas flema",
          "mas moco*",
          "flema verde",
          "flema amarilla",
          "verde",
          "amarill*",
          "inhalador mas",
          "mas el inhalador",
        ],
      },
    },
  },
  ami_chest_pain: {
    topic: "ami_chest_pain",
    text: {
      en: "Any chest pressure or pain in arm, jaw or back? 1 none, 2 brief and gone, 3 lasting over 5 minutes or not relieved by your chest-pain medicine",
      es: "¿Presión o dolor en el pecho, brazo, mandíbula o espalda? 1 nada, 2 breve y ya pasó, 3 dura más de 5 minutos o no se alivia con su medicina para el pecho",
    },
    answer: {
      kind: "option",
      noOption: 1,
      options: [
        opt(1, "none", "nada", { en: ["none", "nothing"], es: ["nada", "ninguno", "ninguna"] }),
        opt(2, "brief and gone", "breve y ya pasó", {
          en: [
            "brief",
            "briefly",
            "went away",
            "gone",
            "quick",
            "came and went",
            "a few seconds",
            "for a second",
          ],
          es: ["breve", "ya paso", "se fue", "se quito", "rapido", "un momento"],
        }),
        opt(3, "lasting over 5 minutes", "dura más de 5 minutos", {
          en: [
            "lasting",
            "lasted",
            "still have",
            "wont go away",
            "not going away",
            "over 5 minutes",
            "more than 5 minutes",
            "constant",
            "still hurts",
            "not relieved",
            "didnt help",
          ],
          es: [
            "todavia",
            "no se quita",
            "no se va",
            "mas de 5 minutos",
            "sigue",
            "constante",
            "no me alivia",
          ],
        }),
      ],
    },
  },
  pna_temperature: {
    topic: "pna_temperature",
    text: { en: "What is your temperature today in F?", es: "¿Cuál es su temperatura hoy en grados F?" },
    answer: { kind: "number", unit: "F", acceptedUnits: ["F", "C"], plausible: { min: 90, max: 110 } },
  },
  pna_mucus: {
    topic: "pna_mucus",
    text: {
      en: "Mucus color: 1 clear, 2 yellow/green, 3 bloody",
      es: "Color de la flema: 1 clara, 2 amarilla/verde, 3 con sangre",
    },
    answer: {
      kind: "option",
      options: [
        opt(1, "clear", "clara", {
          en: ["clear", "white", "no mucus"],
          es: ["clara", "claro", "blanca", "transparente"],
        }),
        opt(2, "yellow/green", "amarilla/verde", {
          en: ["yellow*", "green*", "brown*", "rusty"],
          es: ["amarill*", "verde*", "verdos*", "cafe"],
        }),
        opt(3, "bloody", "con sangre", {
          en: ["blood*", "red", "reddish", "pink*", "streak*", "tinged"],
          es: ["sangre", "roja", "rojo", "rosad*"],
        }),
      ],
    },
  },
  postop_wound: {
    topic: "postop_wound",
    text: {
      en: "Fever over 101 F, wound redder or draining more, or calf pain/swelling? YES/NO",
      es: "¿Fiebre de más de 101 F, herida más roja o con más secreción, o dolor/hinchazón en la pantorrilla? SÍ/NO",
    },
    answer: {
      kind: "yes_no",
      yesHints: {
        en: [
          "fever*",
          "redder",
          "redness",
          "draining",
          "drainage",
          "oozing",
          "pus",
          "calf",
          "leaking",
          "warm to touch",
        ],
        es: ["fiebre", "calentura", "mas roja", "enrojecid*", "supura*", "pus", "pantorrilla", "secrecion"],
      },
    },
  },
  dm_glucose: {
    topic: "dm_glucose",
    text: { en: "What is your blood sugar reading?", es: "¿Cuál es su nivel de azúcar en la sangre?" },
    answer: {
      kind: "number",
      unit: "mg/dL",
      acceptedUnits: ["mg/dL", "mmol/L"],
      plausible: { min: 20, max: 600 },
      meterWords: { lo: 19, hi: 601 },
    },
  },
};
