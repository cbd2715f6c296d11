import { describe, expect, it } from "vitest";
import { decideSend, type PolicyInput, type PolicyPatient } from "./policy.js";

const NOON_NY = new Date("2026-07-15T16:00:00Z");
const NIGHT_NY = new Date("2026-07-16T03:00:00Z"); // 23:00 New York

const patient = (over: Partial<PolicyPatient> = {}): PolicyPatient => ({
  optedOut: false,
  phoneStatus: "OK",
  consentStatus: "GRANTED",
  timeZone: "America/New_York",
  ...over,
});

const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  patient: patient(),
  purpose: "SCHEDULED",
  template: "checkin.intro",
  now: NOON_NY,
  sentLastDay: 0,
  sentLastWeek: 0,
  ...over,
});

describe("decideSend", () => {
  it("sends a scheduled text to a consenting patient in the daytime", () => {
    expect(decideSend(input())).toEqual({ verdict: "SEND" });
  });

  it("suppresses everything to an opted-out patient except the one STOP confirmation", () => {
    const p = patient({ optedOut: true });
    for (const purpose of ["SCHEDULED", "REPLY", "EMERGENCY", "CONSENT"] as const) {
      expect(decideSend(input({ patient: p, purpose }))).toEqual({
        verdict: "SUPPRESS",
        reason: "OPTED_OUT",
      });
    }
    expect(decideSend(input({ patient: p, purpose: "REPLY", template: "help" }))).toMatchObject({
      verdict: "SUPPRESS",
    });
    expect(decideSend(input({ patient: p, purpose: "REPLY", template: "optout.confirm" }))).toEqual({
      verdict: "SEND",
    });
  });

  it.each(["INVALID", "NOT_SMS_CAPABLE", "LANDLINE"] as const)(
    "suppresses when the phone is %s",
    (phoneStatus) => {
      expect(decideSend(input({ patient: patient({ phoneStatus }), purpose: "EMERGENCY" }))).toEqual({
        verdict: "SUPPRESS",
        reason: "PHONE_BAD",
      });
    },
  );

  it("defers scheduled and consent texts in quiet hours, but not replies or emergencies", () => {
    const deferred = { verdict: "DEFER", notBefore: new Date("2026-07-16T12:00:00Z") };
    expect(decideSend(input({ now: NIGHT_NY }))).toEqual(deferred);
    expect(decideSend(input({ now: NIGHT_NY, purpose: "CONSENT", template: "consent.request" }))).toEqual(
      deferred,
    );
    expect(decideSend(input({ now: NIGHT_NY, purpose: "REPLY" }))).toEqual({ verdict: "SEND" });
    expect(decideSend(input({ now: NIGHT_NY, purpose: "EMERGENCY" }))).toEqual({ verdict: "SEND" });
  });

  describe("without consent", () => {
    const pending = patient({ consentStatus: "PENDING" });

    it("allows the first text of the day", () => {
      expect(decideSend(input({ patient: pending, sentLastDay: 0, sentLastWeek: 2 }))).toEqual({
        verdict: "SEND",
      });
    });

    it("allows at most 1 a day", () => {
      expect(decideSend(input({ patient: pending, sentLastDay: 1, sentLastWeek: 1 }))).toEqual({
        verdict: "SUPPRESS",
        reason: "CONSENT_DAILY_CAP",
      });
    });

    it("allows at most 3 a week", () => {
      expect(decideSend(input({ patient: pending, sentLastDay: 0, sentLastWeek: 3 }))).toEqual({
        verdict: "SUPPRESS",
        reason: "CONSENT_WEEKLY_CAP",
      });
    });

    it("applies to declined consent too, and to replies", () => {
      const declined = patient({ consentStatus: "DECLINED" });
      expect(decideSend(input({ patient: declined, purpose: "REPLY", sentLastDay: 1 }))).toMatchObject({
        verdict: "SUPPRESS",
      });
    });

    it("never blocks emergency advice or the carrier-required keyword answers", () => {
      const capped = { patient: pending, sentLastDay: 5, sentLastWeek: 9 };
      expect(decideSend(input({ ...capped, purpose: "EMERGENCY", template: "emergency.call_911" }))).toEqual({
        verdict: "SEND",
      });
      for (const template of ["help", "optin.confirm", "consent.granted"] as const) {
        expect(decideSend(input({ ...capped, purpose: "REPLY", template }))).toEqual({ verdict: "SEND" });
      }
    });

    it("is not applied once consent is granted", () => {
      expect(decideSend(input({ sentLastDay: 4, sentLastWeek: 20 }))).toEqual({ verdict: "SEND" });
    });
  });
});
