import type { PhraseList } from "./types.js";

export interface EmergencyCategory {
  category:
    | "CARDIAC"
    | "BREATHING"
    | "SELF_HARM"
    | "OVERDOSE"
    | "NEURO"
    | "SYNCOPE"
    | "BLEEDING"
    | "CALL_911";
  phrases: PhraseList;
}

// Deliberately excludes "confused": it is also medication answer 4 ("confused about my pills"); confusion
// is judged by the red-flag question and the DM protocol's own phrase rule instead.
export const EMERGENCY_LEXICON: readonly EmergencyCategory[] = [
  {
    category: "CARDIAC",
    phrases: {
      en: [
        "chest pain*",
        "chest pressure",
        "chest tight*",
        "chest hurt*",
        "pain in my chest",
        "heart attack",
      ],
      es: [
        "dolor de pecho",
        "dolor en el pecho",
        "presion en el pecho",
        "opresion en el pecho",
        "me duele el pecho",
        "infarto",
        "ataque al corazon",
        "pecho me duele",
      ],
    },
  },
  {
    category: "BREATHING",
    phrases: {
      en: [
        "cant breath*",
        "can not breath*",
        "cannot breath*",
        "unable to breath*",
        "struggling to breath*",
        "cant catch my breath",
        "gasping",
        "choking",
        "severe trouble breathing",
      ],
      es: [
        "no puedo respirar",
        "me ahogo",
        "me estoy ahogando",
        "me falta mucho el aire",
        "no me entra el aire",
      ],
    },
  },
  {
    category: "SELF_HARM",
    phrases: {
      en: [
        "suicid*",
        "kill myself",
        "killing myself",
        "end my life",
        "want to die",
        "wanna die",
        "hurt myself",
        "better off dead",
        "dont want to live",
        "feel like dying",
        "no reason to live",
      ],
      es: [
        "suicid*",
        "matarme",
        "quitarme la vida",
        "quiero morir*",
        "me quiero morir",
        "hacerme dano",
        "ganas de morir*",
        "no quiero vivir",
      ],
    },
  },
  {
    category: "OVERDOSE",
    phrases: {
      en: ["overdos*", "took too many pills", "took too many", "too many pills"],
      es: ["sobredosis", "tome demasiadas pastillas", "demasiadas pastillas"],
    },
  },
  {
    category: "SYNCOPE",
    phrases: {
      en: ["passing out", "passed out", "pass out", "fainted", "fainting", "unconscious", "blacked out"],
      es: ["desmay*", "inconsciente", "perdi el conocimiento"],
    },
  },
  {
    category: "NEURO",
    phrases: {
      en: ["stroke", "face droop*", "slurred speech", "slurring", "cant speak", "cant move my", "seizure*"],
      es: ["derrame cerebral", "embolia", "convulsion*", "no puedo hablar", "no puedo mover", "cara caida"],
    },
  },
  {
    category: "BLEEDING",
    phrases: {
      en: [
        "coughing up blood",
        "coughing blood",
        "vomiting blood",
        "throwing up blood",
        "wont stop bleeding",
        "bleeding a lot",
        "heavy bleeding",
      ],
      es: [
        "tos con sangre",
        "toso sangre",
        "vomito con sangre",
        "vomitando sangre",
        "sangrado fuerte",
        "no para de sangrar",
      ],
    },
  },
  {
    category: "CALL_911",
    phrases: { en: ["911", "ambulance", "emergency room"], es: ["ambulancia", "sala de emergencia*"] },
  },
];

// Plain-language requests to stop; carrier keywords (STOP, ALTO...) are handled by the SMS layer before
// triage, these go to a nurse to confirm (CLINICAL-PROTOCOLS.md "Messaging rules").
export const OPT_OUT_PHRASES: PhraseList = {
  en: [
    "stop texting",
    "stop sending",
    "stop messaging",
    "stop the texts",
    "stop these texts",
    "dont text me",
    "do not text me",
    "no more texts",
    "no more messages",
    "leave me alone",
    "unsubscribe me",
    "take me off",
    "remove me from",
    "quit texting",
    "stop contacting me",
  ],
  es: [
    "dejen de escribirme",
    "deja de escribirme",
    "dejen de mandarme",
    "deja de mandarme",
    "no me manden",
    "no me escriban",
    "no quiero mas mensajes",
    "no mas mensajes",
    "ya no me escriban",
    "dejenme en paz",
    "quitenme de la lista",
  ],
};
