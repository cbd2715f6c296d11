import type { PhraseList } from "./model/types.js";

// Word lists are written plain (accents optional: matching strips them). `word*` matches a prefix.

export const YES_PHRASES: PhraseList = {
  en: [
    "yes",
    "yeah",
    "yea",
    "yep",
    "yup",
    "yah",
    "ye",
    "yess",
    "sure",
    "correct",
    "affirmative",
    "uh huh",
    "i do",
    "i have",
    "a little",
    "a bit",
    "kind of",
    "kinda",
    "some",
    "of course",
    // Hedges count as YES on a symptom question: doubt about a symptom is reported, not dropped.
    "sort of",
    "sorta",
    "kinda",
    "probably",
    "maybe",
    "i think so",
    "think so",
    "possibly",
    "somewhat",
    "slightly",
    "a tad",
    "a touch",
    "a smidge",
    "little bit",
    "yes ish",
    "on and off",
    "sometimes",
  ],
  es: [
    "si",
    "sip",
    "simon",
    "claro",
    "por supuesto",
    "si tengo",
    "tengo",
    "un poco",
    "poquito",
    "algo",
    "asi es",
    "afirmativo",
    "creo que si",
    "puede ser",
    "a lo mejor",
    "tal vez",
    "quizas",
    "quiza",
    "mas o menos",
    "a veces",
  ],
};

/** A symptom named as gone ("the swelling went down", "la hinchazón ya se bajó") answers NO. */
export const RESOLVED_PHRASES: PhraseList = {
  en: [
    "went down",
    "gone down",
    "is gone",
    "are gone",
    "went away",
    "all gone",
    "is better",
    "are better",
    "resolved",
  ],
  es: ["se bajo", "ya bajo", "se quito", "ya se fue", "ya paso", "se desinflam*", "mejor"],
};

export const NO_PHRASES: PhraseList = {
  en: [
    "no",
    "nope",
    "nah",
    "naw",
    "nop",
    "negative",
    "none",
    "nothing",
    "nothing new",
    "not really",
    "not that i know",
    "not that i noticed",
    "no change",
    "no changes",
    "same as always",
    "went down",
    "gone down",
    "not at all",
    "i dont",
    "never",
    "all good",
    "im fine",
    "im good",
    "im ok",
    "im okay",
    "fine",
    "feeling good",
    "feeling fine",
    "doing good",
    "doing well",
  ],
  es: [
    "no tengo",
    "nada",
    "ninguno",
    "ninguna",
    "nunca",
    "tampoco",
    "nel",
    "nada nuevo",
    "ya se bajo",
    "se bajo",
    "ya bajo",
    "ya se quito",
    "ya no",
    "para nada",
    "estoy bien",
    "todo bien",
    "bien",
  ],
};

/** Answers that are neither yes nor no; they are re-asked (then go to a nurse) rather than guessed. */
export const UNSURE_PHRASES: PhraseList = {
  en: [
    "not sure",
    "unsure",
    "idk",
    "i dont know",
    "dont know",
    "dunno",
    "not good",
    "not well",
    "not fine",
    "not great",
    "not ok",
    "not okay",
  ],
  es: ["no se", "no estoy segur*", "no estoy bien", "no me siento bien", "me siento mal"],
};

/** Single letters and Spanish articles count as answers only when they are the whole reply. */
export const WHOLE_REPLY_ONLY: Readonly<Record<string, "yes" | "no" | number>> = {
  y: "yes",
  s: "yes",
  n: "no",
  un: 1,
  una: 1,
};

export const UNITS: Readonly<Record<string, "lb" | "kg" | "F" | "C" | "mg/dL" | "mmol/L">> = {
  lb: "lb",
  lbs: "lb",
  pound: "lb",
  pounds: "lb",
  libra: "lb",
  libras: "lb",
  kg: "kg",
  kgs: "kg",
  kilo: "kg",
  kilos: "kg",
  kilogram: "kg",
  kilograms: "kg",
  kilogramo: "kg",
  kilogramos: "kg",
  f: "F",
  fahrenheit: "F",
  farenheit: "F",
  degree: "F",
  degrees: "F",
  deg: "F",
  grado: "F",
  grados: "F",
  c: "C",
  celsius: "C",
  centigrados: "C",
  centigrado: "C",
  mgdl: "mg/dL",
  mg: "mg/dL",
  mmol: "mmol/L",
};

export type NumberWordKind = "unit" | "teen" | "ten" | "hundred_mult" | "hundred_add";

export const NUMBER_WORDS: Readonly<Record<string, { value: number; kind: NumberWordKind }>> = (() => {
  const out: Record<string, { value: number; kind: NumberWordKind }> = {};
  const add = (kind: NumberWordKind, value: number, ...names: string[]) => {
    for (const n of names) out[n] = { value, kind };
  };
  const en = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
  const es = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];
  for (const [i, w] of en.entries()) add("unit", i, w, es[i] ?? w);
  const teensEn = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"];
  const teensEs = ["diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete"];
  for (const [i, w] of teensEn.entries()) add("teen", 10 + i, w, teensEs[i] ?? w);
  add("teen", 18, "eighteen", "dieciocho");
  add("teen", 19, "nineteen", "diecinueve");
  const tensEn = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
  const tensEs = ["veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
  for (const [i, w] of tensEn.entries()) add("ten", 20 + 10 * i, w, tensEs[i] ?? w);
  add("ten", 40, "fourty");
  const veinti = ["veintiuno", "veintidos", "veintitres", "veinticuatro", "veinticinco", "veintiseis"];
  for (const [i, w] of veinti.entries()) add("teen", 21 + i, w);
  add("teen", 27, "veintisiete");
  add("teen", 28, "veintiocho");
  add("teen", 29, "veintinueve");
  add("hundred_mult", 100, "hundred");
  add("hundred_add", 100, "cien", "ciento");
  const cientos = ["doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos"];
  for (const [i, w] of cientos.entries()) add("hundred_add", 200 + 100 * i, w);
  return out;
})();

/** Option answers only ("the second one"): elsewhere "second" is usually time ("for a second"). */
export const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  primero: 1,
  primera: 1,
  primer: 1,
  segundo: 2,
  segunda: 2,
  tercero: 3,
  tercera: 3,
  tercer: 3,
  cuarto: 4,
  cuarta: 4,
};

export const NUMBER_CONNECTORS = new Set(["and", "y"]);
export const DECIMAL_WORDS = new Set(["point", "punto"]);
