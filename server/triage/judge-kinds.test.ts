import { describe, expect, it } from "vitest";
import { ALL_KIND_CASES, scoreCase } from "./cases/score.js";

describe.each([...new Set(ALL_KIND_CASES.map((c) => c.kind))])("%s", (kind) => {
  const cases = ALL_KIND_CASES.filter((c) => c.kind === kind);
  it.each(cases.map((c) => [`${c.lang} ${c.protocol}/${c.topic}: ${JSON.stringify(c.reply)}`, c] as const))(
    "%s",
    (_t, c) => {
      const r = scoreCase(c);
      expect(r.got).toBe(c.expect);
      if (c.reason) expect(r.reason).toBe(c.reason);
    },
  );
});

describe("kind tables", () => {
  it("cover every emergency kind in both languages", () => {
    const emergencyKinds = new Set(
      ALL_KIND_CASES.filter((c) => c.kind.startsWith("emergency:")).map((c) => c.kind),
    );
    for (const kind of emergencyKinds) {
      for (const lang of ["en", "es"] as const) {
        expect(ALL_KIND_CASES.some((c) => c.kind === kind && c.lang === lang)).toBe(true);
      }
    }
  });
});
