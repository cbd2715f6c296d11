import { describe, expect, it } from "vitest";
import { reasonLabel } from "./reason-label";

describe("reason labels", () => {
  it("reads known codes as a nurse would say them", () => {
    expect(reasonLabel("DM_SEVERE_LOW")).toBe("Severe low blood sugar");
    expect(reasonLabel("POSTOP_INFECTION_OR_DVT")).toBe("Post-op infection or DVT");
  });

  it("keeps clinical abbreviations in capitals for other codes", () => {
    expect(reasonLabel("HF_WEIGHT_GAIN")).toBe("HF weight gain");
    expect(reasonLabel("COPD_RED_ZONE")).toBe("COPD red zone");
    expect(reasonLabel("UNABLE_TO_REACH")).toBe("Unable to reach");
  });
});
