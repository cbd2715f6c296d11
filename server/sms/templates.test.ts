import { describe, expect, it } from "vitest";
import type { Language } from "../db/client.js";
import { foldKeyword } from "./keywords.js";
import {
  type CommonVars,
  formatLocalDateTime,
  renderTemplateChecked,
  TEMPLATE_NAMES,
  templateVarSchemas,
} from "./templates.js";

const COMMON: CommonVars = {
  firstName: "Maria",
  hospitalName: "Riverside Hospital",
  programName: "Riverside Care Check-ins",
  programPhone: "1-800-555-0100",
};
const AT = new Date("2026-07-15T16:00:00Z");
const ALL_VARS = {
  max: 4,
  nextCheckInAt: AT,
  at: AT,
  options: [
    { at: AT, clinician: "Dr. Chen" },
    { at: AT, clinician: "Dra. Ramírez" },
  ],
  clinician: "Dr. Chen",
  address: "200 River Street",
  prep: "Bring your glasses and a list of questions",
  again: false,
};
const LANGS: Language[] = ["EN", "ES"];

// Conditions, protocols, drugs and results: none may ever appear in a text (minimum necessary).
const FORBIDDEN = [
  "heart failure",
  "insuficiencia cardiaca",
  "copd",
  "epoc",
  "emphysema",
  "enfisema",
  "pneumonia",
  "neumonia",
  "heart attack",
  "ataque cardiaco",
  "infarto",
  "myocardial",
  "miocardio",
  "diabetes",
  "diabetic",
  "diabetico",
  "hypoglycemia",
  "hipoglucemia",
  "glucose",
  "glucosa",
  "blood sugar",
  "azucar en la sangre",
  "insulin",
  "insulina",
  "warfarin",
  "warfarina",
  "coumadin",
  "eliquis",
  "apixaban",
  "furosemide",
  "furosemida",
  "lasix",
  "metformin",
  "metformina",
  "nitroglycerin",
  "nitroglicerina",
  "diuretic",
  "diuretico",
  "blood thinner",
  "anticoagulant",
  "anticoagulante",
  "hip replacement",
  "knee replacement",
  "reemplazo de cadera",
  "reemplazo de rodilla",
  "protesis",
  "weight",
  "peso",
  "lb",
  "mg/dl",
  "fever",
  "fiebre",
  "chest pain",
  "dolor de pecho",
  "diagnos",
  "result",
  "resultado",
];

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

function variableKeys(name: (typeof TEMPLATE_NAMES)[number]): string[] {
  return Object.keys(templateVarSchemas[name].shape);
}

describe("SMS templates", () => {
  const cases = TEMPLATE_NAMES.flatMap((name) => LANGS.map((lang) => [name, lang] as const));

  it.each(cases)("%s (%s) carries no condition, drug or result", (name, lang) => {
    const vars = Object.fromEntries(variableKeys(name).map((k) => [k, ALL_VARS[k as keyof typeof ALL_VARS]]));
    const text = fold(renderTemplateChecked(name, lang, COMMON, vars, "America/New_York"));
    for (const word of FORBIDDEN) {
      expect(new RegExp(`\\b${fold(word)}`).test(text), `"${word}" in ${name}/${lang}: ${text}`).toBe(false);
    }
    expect(text).not.toMatch(/\b(undefined|null|nan)\b|[{}$]/);
    expect(text.length).toBeLessThanOrEqual(320);
  });

  it("never has a variable that could carry the patient's own words", () => {
    for (const name of TEMPLATE_NAMES) {
      for (const key of variableKeys(name))
        expect(key).not.toMatch(/body|reply|text|message|answer|response|raw/i);
    }
  });

  it("refuses variables a template does not declare (nothing can be smuggled in)", () => {
    expect(() =>
      renderTemplateChecked("ack.received", "EN", COMMON, { body: "I feel awful" }, "UTC"),
    ).toThrow();
    expect(() => renderTemplateChecked("checkin.thanks", "EN", COMMON, {}, "UTC")).toThrow();
  });

  it("has a Spanish text for every template, different from the English one", () => {
    for (const name of TEMPLATE_NAMES) {
      const vars = Object.fromEntries(
        variableKeys(name).map((k) => [k, ALL_VARS[k as keyof typeof ALL_VARS]]),
      );
      const en = renderTemplateChecked(name, "EN", COMMON, vars, "UTC");
      const es = renderTemplateChecked(name, "ES", COMMON, vars, "UTC");
      expect(es).not.toBe(en);
    }
  });

  it("tells people how to stop and get help, in their language", () => {
    const consentEn = renderTemplateChecked("consent.request", "EN", COMMON, {}, "UTC");
    expect(consentEn).toContain("Reply YES to get check-in texts from Riverside Hospital; STOP to opt out");
    const consentEs = foldKeyword(renderTemplateChecked("consent.request", "ES", COMMON, {}, "UTC"));
    expect(consentEs).toContain("SI");
    expect(consentEs).toContain("ALTO");
    const help = renderTemplateChecked("help", "EN", COMMON, {}, "UTC");
    expect(help).toContain(COMMON.programName);
    expect(help).toContain(COMMON.programPhone);
    expect(help).toContain("STOP");
    expect(renderTemplateChecked("emergency.call_911_no_drive", "EN", COMMON, {}, "UTC")).toMatch(
      /911.*not drive/,
    );
  });

  it("shows times in the patient's zone and language", () => {
    expect(formatLocalDateTime(AT, "America/New_York", "EN")).toBe("Wednesday, July 15 at 12:00 PM");
    expect(formatLocalDateTime(AT, "America/Los_Angeles", "ES")).toBe("miércoles 15 de julio, 09:00");
    const thanks = renderTemplateChecked(
      "checkin.thanks",
      "EN",
      COMMON,
      { nextCheckInAt: AT },
      "America/Chicago",
    );
    expect(thanks).toContain("11:00 AM");
  });

  it("keeps only name characters of the first name", () => {
    const text = renderTemplateChecked(
      "checkin.intro",
      "EN",
      { ...COMMON, firstName: "José <script>http://x.y" },
      {},
      "UTC",
    );
    expect(text).toMatch(/^Hi José scripthttpxy,/);
  });
});
