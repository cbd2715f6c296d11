import { describe, expect, it } from "vitest";
import { parseHl7Time, toE164, unescapeHl7 } from "./adt-fields.js";

describe("HL7 field readers", () => {
  it.each([
    ["20261203", "2026-12-03T05:00:00.000Z"],
    ["202612031430", "2026-12-03T19:30:00.000Z"],
    ["20260701143000", "2026-07-01T18:30:00.000Z"],
    ["20261203143000.1234-0600", "2026-12-03T20:30:00.000Z"],
    ["20261203143000+0000", "2026-12-03T14:30:00.000Z"],
  ])("time %s -> %s", (text, iso) => {
    expect(parseHl7Time(text, "America/New_York")?.toISOString()).toBe(iso);
  });

  it.each(["2026-12-03", "20261301", "20260231", "20261203250000", "yesterday", "2026120"])(
    "refuses the time %s",
    (text) => {
      expect(parseHl7Time(text, "America/New_York")).toBeNull();
    },
  );

  it.each([
    ["(202) 555-0100", "", "+12025550100"],
    ["12025550100", "", "+12025550100"],
    ["+44 20 7946 0000", "", "+442079460000"],
    ["5550100", "", null],
    ["0100", "1", null],
  ])("phone %s (cc %s) -> %s", (text, cc, e164) => {
    expect(toE164(text, cc)).toBe(e164);
  });

  it("undoes escape sequences", () => {
    expect(unescapeHl7("O\\T\\Brien \\F\\ A\\S\\B \\E\\ \\H\\bold\\N\\")).toBe("O&Brien | A^B \\ bold");
  });
});
