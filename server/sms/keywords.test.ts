import { describe, expect, it } from "vitest";
import { classifyKeyword, foldKeyword } from "./keywords.js";

describe("classifyKeyword", () => {
  it.each([
    "STOP",
    "stop",
    " Stop. ",
    "STOPALL",
    "unsubscribe",
    "Cancel!",
    "end",
    "QUIT",
    "revoke",
    "OptOut",
    "ALTO",
    "alto!!",
    "Parar",
  ])("%j opts out", (body) => {
    expect(classifyKeyword(body)).toBe("OPT_OUT");
  });

  it.each(["START", "start", "Unstop", "COMENZAR", "comenzar."])("%j opts back in", (body) => {
    expect(classifyKeyword(body)).toBe("OPT_IN");
  });

  it.each(["HELP", "help?", "Info", "AYUDA", "¡Ayuda!"])("%j asks for help", (body) => {
    expect(classifyKeyword(body)).toBe("HELP");
  });

  it.each(["YES", "yes!!", "Si", "SÍ", "sí.", "  si  "])("%j is a yes", (body) => {
    expect(classifyKeyword(body)).toBe("YES");
  });

  it.each([
    "stop texting me",
    "please stop",
    "STOP IT",
    "stopp",
    "yes I have chest pain",
    "no",
    "2",
    "helpme now",
    "",
    "   ",
  ])("%j is not a keyword", (body) => {
    expect(classifyKeyword(body)).toBeNull();
  });

  it("folds case, accents, punctuation and blanks but keeps inner words apart", () => {
    expect(foldKeyword("  ¡Sí, por favor! ")).toBe("SI POR FAVOR");
    expect(foldKeyword("S.T.O.P")).toBe("STOP");
  });
});
