import type { AnswerSpec, Lang, Localized } from "./model/types.js";

/**
 * A reply that cannot be read is re-asked at most REASK_LIMIT times; the next unreadable reply goes to a
 * nurse (ROUTINE, REPLY_NOT_UNDERSTOOD) instead of texting the patient a third time. An implausible
 * measurement is re-asked once, then flagged as DATA_QUALITY.
 */
export const REASK_LIMIT = 2;
export const IMPLAUSIBLE_REASK_LIMIT = 1;

export type ReaskDecision = { action: "REASK"; reaskNumber: number } | { action: "HAND_TO_NURSE" };

/** What to do with an unreadable reply when the question was already re-asked `reaskCount` times. */
export function reaskPolicy(reaskCount: number): ReaskDecision {
  return reaskCount < REASK_LIMIT
    ? { action: "REASK", reaskNumber: reaskCount + 1 }
    : { action: "HAND_TO_NURSE" };
}

const NUMBER_REASK: Record<string, { unreadable: Localized; implausible: Localized }> = {
  lb: {
    unreadable: {
      en: "Sorry, please reply with your weight in pounds, for example 185",
      es: "Perdón, por favor responda con su peso en libras, por ejemplo 185",
    },
    implausible: {
      en: "Please check your scale and reply with today's weight in pounds",
      es: "Por favor revise su báscula y responda con su peso de hoy en libras",
    },
  },
  F: {
    unreadable: {
      en: "Sorry, please reply with your temperature in F, for example 98.6",
      es: "Perdón, por favor responda con su temperatura en grados F, por ejemplo 98.6",
    },
    implausible: {
      en: "Please check your thermometer and reply with your temperature in F",
      es: "Por favor revise su termómetro y responda con su temperatura en grados F",
    },
  },
  "mg/dL": {
    unreadable: {
      en: "Sorry, please reply with the number on your meter, for example 120",
      es: "Perdón, por favor responda con el número de su medidor, por ejemplo 120",
    },
    implausible: {
      en: "Please check your meter and reply with the number it shows",
      es: "Por favor revise su medidor y responda con el número que muestra",
    },
  },
};

export function reaskText(answer: AnswerSpec, lang: Lang, implausible = false): string {
  switch (answer.kind) {
    case "yes_no":
      return lang === "es" ? "Perdón, por favor responda SÍ o NO" : "Sorry, please reply YES or NO";
    case "option": {
      const n = answer.options.length;
      return lang === "es"
        ? `Perdón, por favor responda con un número del 1 al ${n}`
        : `Sorry, please reply with a number 1-${n}`;
    }
    case "number": {
      const t = NUMBER_REASK[answer.unit] ?? NUMBER_REASK.lb;
      return (implausible ? t?.implausible : t?.unreadable)?.[lang] ?? "";
    }
    case "free_text":
      return "";
  }
}
