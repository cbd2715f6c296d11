import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/index.js";
import { mllpFeedAddress } from "./mllp-feed.js";

describe("MLLP listener address", () => {
  it("is off unless configured, on 127.0.0.1:2575 in demo mode", () => {
    expect(mllpFeedAddress({}, false)).toBeNull();
    expect(mllpFeedAddress({}, true)).toEqual({ host: "127.0.0.1", port: 2575 });
    expect(mllpFeedAddress({ HL7_MLLP_PORT: 6661 }, false)).toEqual({ host: "127.0.0.1", port: 6661 });
    expect(mllpFeedAddress({ HL7_MLLP_PORT: 6661, HL7_MLLP_HOST: "0.0.0.0" }, true)).toEqual({
      host: "0.0.0.0",
      port: 6661,
    });
  });

  it("a bad port stops start-up naming the variable", () => {
    expect(() => loadConfig({ HL7_MLLP_PORT: "70000" })).toThrow(/HL7_MLLP_PORT/);
    expect(loadConfig({ HL7_MLLP_PORT: "2575" }).env.HL7_MLLP_PORT).toBe(2575);
  });
});
