import { describe, expect, it } from "vitest";
import { contrast, readable } from "./contrast";

describe("contrast", () => {
  it("matches the WCAG figures quoted in the accessibility review", () => {
    expect(contrast("#868e96", "#ffffff")).toBeCloseTo(3.32, 1);
    expect(contrast("#099268", "#ffffff")).toBeCloseTo(3.94, 1);
    expect(contrast("#d9480f", "#ffe8cc")).toBeCloseTo(3.61, 1);
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
  });

  it("readable darkens or lightens a colour just enough for every background", () => {
    const dark = readable("#d9480f", ["#ffe8cc", "#ffffff"], "#000000");
    expect(contrast(dark, "#ffe8cc")).toBeGreaterThanOrEqual(4.6);
    expect(contrast(dark, "#ffffff")).toBeGreaterThanOrEqual(4.6);
    const light = readable("#e03131", ["#242424"], "#ffffff");
    expect(contrast(light, "#242424")).toBeGreaterThanOrEqual(4.6);
    expect(readable("#000000", ["#ffffff"], "#000000")).toBe("#000000");
  });
});
