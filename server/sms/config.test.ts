import { describe, expect, it } from "vitest";
import { loadSmsConfig } from "./config.js";

const SID = `AC${"a".repeat(32)}`;
const TOKEN = "0123456789abcdef0123456789abcdef";

describe("loadSmsConfig", () => {
  it("is embedded when no Twilio variable is set", () => {
    const c = loadSmsConfig({ PROGRAM_NAME: "Care", PROGRAM_PHONE: "555" });
    expect(c).toMatchObject({ mode: "embedded", programName: "Care", programPhone: "555" });
  });

  it("treats blank variables as unset", () => {
    expect(loadSmsConfig({ TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: " ", TWILIO_FROM: "" }).mode).toBe(
      "embedded",
    );
  });

  it("is connected when all three are set, with the optional overrides", () => {
    const c = loadSmsConfig({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: "+15550001111",
      TWILIO_API_BASE_URL: "http://127.0.0.1:4010/",
      PUBLIC_BASE_URL: "https://care.example.org/app/",
    });
    expect(c).toMatchObject({
      mode: "connected",
      accountSid: SID,
      from: "+15550001111",
      apiBaseUrl: "http://127.0.0.1:4010",
      publicBaseUrl: "https://care.example.org/app",
      requestTimeoutMs: 15_000,
    });
  });

  it("names the missing variable when the set is partial", () => {
    expect(() => loadSmsConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_FROM: "+15550001111" })).toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
  });

  it("names a malformed variable without echoing secrets", () => {
    try {
      loadSmsConfig({ TWILIO_ACCOUNT_SID: "nope", TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: "5550001111" });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain("TWILIO_ACCOUNT_SID");
      expect(msg).toContain("TWILIO_FROM");
      expect(msg).not.toContain(TOKEN);
    }
  });

  it("accepts a Messaging Service SID as sender", () => {
    const from = `MG${"b".repeat(32)}`;
    expect(
      loadSmsConfig({
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM: from,
        PUBLIC_BASE_URL: "https://care.example.org",
      }),
    ).toMatchObject({ from });
  });

  it("refuses Twilio without PUBLIC_BASE_URL, naming the variable", () => {
    expect(() =>
      loadSmsConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: "+15551234567" }),
    ).toThrow(/PUBLIC_BASE_URL: must be set when Twilio is configured/);
  });
});
