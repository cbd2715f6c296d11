import { describe, expect, it } from "vitest";
import { detectEmergency, detectOptOutRequest } from "./emergency.js";

describe("detectEmergency", () => {
  it.each([
    "chest pain",
    "CHEST PAINS since lunch",
    "my chest hurts",
    "I can't breathe",
    "i cant breathe",
    "cannot breathe well",
    "having thoughts of suicide",
    "I'm suicidal",
    "I want to kill myself",
    "overdose",
    "I took too many pills",
    "keep passing out",
    "he passed out",
    "slurred speech and face drooping",
    "coughing up blood",
    "dolor de pecho",
    "me duele el pecho",
    "no puedo respirar",
    "me quiero morir",
    "quiero quitarme la vida",
    "tomé demasiadas pastillas",
    "sobredosis",
    "me desmayé",
    "llamen una ambulancia",
  ])("fires on %j", (text) => {
    expect(detectEmergency(text).emergent).toBe(true);
  });

  it.each([
    "no chest pain",
    "No chest pain today",
    "I don't have chest pain",
    "never had chest pain",
    "without chest pain",
    "no tengo dolor de pecho",
    "sin dolor de pecho",
    "feeling good, thanks",
    "I'm confused about my pills",
    "what time is my appointment",
    "stop texting me",
  ])("does not fire on %j", (text) => {
    expect(detectEmergency(text).emergent).toBe(false);
  });

  it("keeps a negation inside its clause", () => {
    expect(detectEmergency("No. Chest pain since morning").emergent).toBe(true);
    expect(detectEmergency("no fever, chest pain though").emergent).toBe(true);
    expect(detectEmergency("no fever and chest pain").emergent).toBe(true);
    expect(detectEmergency("no fever but chest pain").emergent).toBe(true);
  });

  it("never treats a phrase that itself starts with a negation as negated", () => {
    expect(detectEmergency("no, no puedo respirar").emergent).toBe(true);
    expect(detectEmergency("no no puedo respirar").emergent).toBe(true);
  });

  it("reports what matched, its category, and what was negated", () => {
    const d = detectEmergency("no chest pain but I took too many pills");
    expect(d.matches).toEqual([{ phrase: "took too many pills", category: "OVERDOSE" }]);
    expect(d.negated).toEqual(["chest pain"]);
  });

  it("errs toward firing on past or resolved mentions (documented limitation)", () => {
    expect(detectEmergency("chest pain went away").emergent).toBe(true);
    expect(detectEmergency("had chest pain yesterday").emergent).toBe(true);
  });
});

describe("detectOptOutRequest", () => {
  it.each([
    "stop texting me",
    "Please stop sending these",
    "no more texts",
    "leave me alone",
    "dejen de escribirme",
    "no me manden mensajes",
    "STOP",
  ])("detects %j", (text) => {
    expect(detectOptOutRequest(text)).toBe(true);
  });
  it.each(["I stopped one pill", "thanks", "can I stop the blue pill?"])("ignores %j", (text) => {
    expect(detectOptOutRequest(text)).toBe(false);
  });
  it("ignores a negated request", () => {
    expect(detectOptOutRequest("please don't stop texting me")).toBe(false);
  });
});
