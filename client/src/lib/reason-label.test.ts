import { describe, expect, it } from "vitest";
import { QUEUE_REASON_CODES } from "./api-types";
import { reasonLabel } from "./reason-label";

describe("reason labels", () => {
  it("reads known codes as a nurse would say them", () => {
    expect(reasonLabel("DM_SEVERE_LOW")).toBe("Severe low blood sugar");
    expect(reasonLabel("POSTOP_INFECTION_OR_DVT")).toBe("Post-op infection or DVT");
    expect(reasonLabel("VISIT_OUTCOME_UNKNOWN")).toBe("Visit not marked attended or missed");
  });

  it("gives every code the queue filter offers a label in words", () => {
    for (const code of QUEUE_REASON_CODES) expect(reasonLabel(code)).not.toContain("_");
  });

  it("keeps clinical abbreviations in capitals for other codes", () => {
    expect(reasonLabel("HF_WEIGHT_GAIN")).toBe("HF weight gain");
    expect(reasonLabel("COPD_RED_ZONE")).toBe("COPD red zone");
    expect(reasonLabel("HF_BREATHING_WORSE")).toBe("HF breathing worse");
  });
});
