import { describe, expect, it } from "vitest";
import { classifyErrorCode, classifyProviderFailure, toProviderFailure } from "./errors.js";

const rejected = (httpStatus: number, code: number | null) => ({
  kind: "rejected" as const,
  httpStatus,
  code,
});

describe("Twilio error classification", () => {
  it("21610 means the recipient opted out", () => {
    expect(classifyProviderFailure(rejected(400, 21610))).toEqual({ action: "OPT_OUT", errorCode: 21610 });
  });

  it.each([
    [21211, "INVALID"],
    [21614, "NOT_SMS_CAPABLE"],
    [30006, "LANDLINE"],
  ] as const)("%i marks the phone %s", (code, phoneStatus) => {
    expect(classifyProviderFailure(rejected(400, code))).toEqual({
      action: "PHONE_BAD",
      phoneStatus,
      errorCode: code,
    });
  });

  it("retries 30003, 429 and 5xx; 5xx outcome is unknown", () => {
    expect(classifyProviderFailure(rejected(400, 30003))).toMatchObject({
      action: "RETRY",
      outcomeUnknown: false,
    });
    expect(classifyProviderFailure(rejected(429, 20429))).toMatchObject({
      action: "RETRY",
      outcomeUnknown: false,
    });
    expect(classifyProviderFailure(rejected(429, null))).toMatchObject({ action: "RETRY" });
    expect(classifyProviderFailure(rejected(503, 20500))).toMatchObject({
      action: "RETRY",
      outcomeUnknown: true,
    });
  });

  it("fails other errors with the code kept", () => {
    expect(classifyProviderFailure(rejected(400, 21602))).toEqual({ action: "FAIL", errorCode: 21602 });
    expect(classifyProviderFailure(rejected(401, 20003))).toEqual({ action: "FAIL", errorCode: 20003 });
  });

  it("maps SDK errors: RestException vs network failures", () => {
    expect(toProviderFailure({ status: 400, code: 21610, message: "x" })).toEqual(rejected(400, 21610));
    expect(toProviderFailure({ code: "ECONNABORTED", message: "timeout" })).toEqual({
      kind: "network",
      outcomeUnknown: true,
      code: "ECONNABORTED",
    });
    expect(toProviderFailure({ code: "ECONNRESET" })).toMatchObject({ outcomeUnknown: true });
    expect(toProviderFailure({ code: "ECONNREFUSED" })).toMatchObject({ outcomeUnknown: false });
    expect(classifyProviderFailure(toProviderFailure(new Error("weird")))).toMatchObject({
      action: "RETRY",
      outcomeUnknown: true,
    });
  });

  it("classifies callback error codes alone", () => {
    expect(classifyErrorCode(null)).toBeNull();
    expect(classifyErrorCode(30007)).toBeNull();
    expect(classifyErrorCode(21610)).toMatchObject({ action: "OPT_OUT" });
  });
});
