import { BEHAVIOUR_LEXICON } from "./lexicon-emergency-acts.js";
import type { PhraseList } from "./model/types.js";

export interface EmergencyCategory {
  category:
    | "CARDIAC"
    | "BREATHING"
    | "CYANOSIS"
    | "SELF_HARM"
    | "OVERDOSE"
    | "UNRESPONSIVE"
    | "NEURO"
    | "SYNCOPE"
    | "BLEEDING"
    | "CALL_911";
  phrases: PhraseList;
}

// Phrase syntax (text.ts): `word*` is a prefix, `a|b|c` is one position with alternatives, `~` lets up to
// three tokens of the same clause sit between two words (never a negator), so "presión fuerte en el pecho"
// and "heavy ache in my shoulder" match without listing every wording.
const PAIN = "pain*|ache*|aching|hurt*|pressure|heavy|heaviness|tight*|squeez*|crushing|discomfort";
const RADIATE = "shoulder*|neck|jaw*|arm|arms";
const DOLOR = "dolor*|duele*|presion|opresion|pesadez|apret*|molestia*|ardor";
const RADIA_ES = "hombro*|cuello|mandibula|quijada|brazo*";
const BLUE = "blue|bluish|grey|gray|greyish|grayish|purple|dusky|ashen";
const BODY = "lips|lip|fingertips|fingers|fingernails|nails|face|mouth";
const MORADO = "morad*|azul*|gris*|amoratad*";
const CUERPO = "labios|dedos|unas|boca|cara";

// Deliberately excludes "confused": it is also medication answer 4 ("confused about my pills"); confusion
// is judged by the red-flag question and the DM protocol's own phrase rule instead.
export const EMERGENCY_LEXICON: readonly EmergencyCategory[] = [
  {
    category: "CARDIAC",
    phrases: {
      en: [
        "chest pain*",
        "chest ~ pain*|pressure|tight*|hurt*|ache*|aching|heavy|squeez*|crushing|burning|discomfort",
        `${PAIN} ~ chest`,
        "pain in my chest",
        "heart attack",
        "elephant on my chest",
        "elephant ~ on my chest",
        "sitting on my chest",
        // "no chest pain, just pressure": what is left after the denial is still chest pressure.
        "just|only|solo|nomas pressure|tightness|heaviness|squeezing|presion|opresion|pesadez",
        "more like pressure|tightness|heaviness|squeezing",
        // Radiating pain is an AMI warning sign even when chest pain is denied in the same message.
        `${PAIN} ~ ${RADIATE}`,
        `${RADIATE} ~ ${PAIN}`,
      ],
      es: [
        "dolor de pecho",
        `${DOLOR} ~ pecho`,
        "pecho ~ duele*|apretad*|pesad*|oprimid*",
        "me aprieta el pecho",
        "infarto",
        "ataque al corazon",
        "ataque cardiaco",
        `${DOLOR} ~ ${RADIA_ES}`,
        `${RADIA_ES} ~ duele*|dolor*`,
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
        "cant get air",
        "cant get enough air",
        "cant get my breath",
        "gasping",
        "choking",
        "severe trouble breathing",
        "severe shortness of breath",
        "really bad trouble breathing",
        "out of breath ~ rest|resting|sitting|lying|bed|talking",
        "short of breath ~ rest|resting|sitting|lying|bed|talking",
        "breathless ~ rest|resting|sitting|lying|bed",
      ],
      es: [
        "no puedo respirar",
        "casi no puedo respirar",
        "me ahogo",
        "me estoy ahogando",
        "me asfixio",
        "me falta mucho el aire",
        "no me entra el aire",
        "no puede respirar",
        "se ahoga",
        "se esta ahogando",
        "falta el aire ~ sentad*|acostad*|reposo|descansando|hablar",
      ],
    },
  },
  {
    category: "CYANOSIS",
    phrases: {
      en: [
        `${BLUE} ~ ${BODY}`,
        `${BODY} ~ ${BLUE}`,
        "turning blue",
        "turned blue",
        // Grey or pale with a cold sweat is a heart-attack or shock sign in a caregiver's words.
        "gray|grey|pale|ashen|greyish|grayish ~ sweaty|clammy",
        "gray|grey|pale|ashen|greyish|grayish and sweaty|clammy",
      ],
      es: [
        `${CUERPO} ~ ${MORADO}`,
        `${MORADO} ~ ${CUERPO}`,
        "se puso azul",
        "se esta poniendo azul",
        "se puso|poniendo morad*|azul*|gris*",
        "palid*|gris* ~ sudor*|sudando",
      ],
    },
  },
  ...BEHAVIOUR_LEXICON,
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
