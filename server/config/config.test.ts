import { describe, expect, it } from "vitest";
import { loadConfig } from "./index.js";

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

describe("demo mode", () => {
  const twilio = { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+12025550100" };
  const cases: [string, Record<string, string>, boolean, string[]][] = [
    ["nothing configured (npm start)", {}, true, []],
    ["NODE_ENV=test alone", { NODE_ENV: "test" }, true, []],
    ["NODE_ENV=production", { NODE_ENV: "production" }, false, ["NODE_ENV=production"]],
    [
      "an external database",
      { DATABASE_URL: "postgresql://u:p@db.example/sequora" },
      false,
      ["external database (DATABASE_URL)"],
    ],
    ["Twilio", twilio, false, ["Twilio (TWILIO_*)"]],
    ["a single Twilio variable", { TWILIO_ACCOUNT_SID: "AC1" }, false, ["Twilio (TWILIO_*)"]],
    ["SMTP", { SMTP_URL: "smtp://relay.example:587" }, false, ["SMTP e-mail (SMTP_URL)"]],
    [
      "Trigger.dev",
      { TRIGGER_API_URL: "https://api.trigger.dev", TRIGGER_SECRET_KEY: "tr_prod_x" },
      false,
      ["Trigger.dev (TRIGGER_API_URL)"],
    ],
    ["DEMO_MODE=off with nothing configured", { DEMO_MODE: "off" }, false, []],
    [
      "DEMO_MODE=on with Twilio (asked for both)",
      { DEMO_MODE: "on", ...twilio },
      true,
      ["Twilio (TWILIO_*)"],
    ],
    [
      "SEED_DEMO=true with an external database (older spelling of DEMO_MODE=on)",
      { SEED_DEMO: "true", DATABASE_URL: "postgresql://u:p@db.example/sequora" },
      true,
      ["external database (DATABASE_URL)"],
    ],
    ["empty strings count as unset", { TWILIO_ACCOUNT_SID: "", SMTP_URL: " " }, true, []],
  ];
  it.each(cases)("%s", (_label, env, demo, real) => {
    const c = loadConfig(env);
    expect(c.demo).toBe(demo);
    expect(c.realConfigured).toEqual(real);
  });

  it("refuses a DEMO_MODE it does not know and a contradiction, naming the variable", () => {
    expect(() => loadConfig({ DEMO_MODE: "yes" })).toThrow(/DEMO_MODE/);
    expect(() => loadConfig({ DEMO_MODE: "off", SEED_DEMO: "true" })).toThrow(/SEED_DEMO: .*demo mode/);
  });
});
