import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults to embedded mode with nothing configured", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("embedded");
    expect(c.env.PORT).toBe(3000);
  });

  it("is connected when Trigger.dev is configured", () => {
    expect(
      loadConfig({ TRIGGER_API_URL: "https://api.trigger.dev", TRIGGER_SECRET_KEY: "tr_prod_x" }).mode,
    ).toBe("connected");
  });

  it("names each bad variable in one clear message", () => {
    expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "not a url" })).toThrow(
      /PORT[\s\S]*DATABASE_URL/,
    );
    expect(() => loadConfig({ TRIGGER_API_URL: "https://x.test" })).toThrow(
      /TRIGGER_SECRET_KEY: .*go together/,
    );
  });
});
