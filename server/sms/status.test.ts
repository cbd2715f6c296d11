import { describe, expect, it } from "vitest";
import { MessageStatus } from "../db/client.js";
import { canAdvance, fromTwilioStatus, statusesBefore } from "./status.js";

describe("message status ordering", () => {
  it("moves forward along Twilio's lifecycle", () => {
    const path = ["PENDING", "QUEUED", "ACCEPTED", "SENDING", "SENT", "DELIVERED", "READ"] as const;
    for (let i = 1; i < path.length; i++) {
      expect(canAdvance(path[i - 1] as MessageStatus, path[i] as MessageStatus)).toBe(true);
      expect(canAdvance(path[i] as MessageStatus, path[i - 1] as MessageStatus)).toBe(false);
    }
  });

  it("never moves back, and a repeat is not a move", () => {
    expect(canAdvance("DELIVERED", "SENT")).toBe(false);
    expect(canAdvance("SENT", "QUEUED")).toBe(false);
    expect(canAdvance("DELIVERED", "DELIVERED")).toBe(false);
  });

  it("lets the first terminal outcome win", () => {
    expect(canAdvance("DELIVERED", "FAILED")).toBe(false);
    expect(canAdvance("UNDELIVERED", "DELIVERED")).toBe(false);
    expect(canAdvance("SENT", "UNDELIVERED")).toBe(true);
    expect(canAdvance("QUEUED", "FAILED")).toBe(true);
  });

  it("never touches suppressed or inbound messages", () => {
    expect(canAdvance("SUPPRESSED", "DELIVERED")).toBe(false);
    expect(canAdvance("RECEIVED", "READ")).toBe(false);
    expect(canAdvance("QUEUED", "RECEIVED")).toBe(false);
  });

  it("computes the SQL guard set", () => {
    expect(new Set(statusesBefore("SENT"))).toEqual(
      new Set(["PENDING", "QUEUED", "ACCEPTED", "SCHEDULED", "SENDING"]),
    );
    expect(statusesBefore("SENT")).not.toContain(MessageStatus.SUPPRESSED);
  });

  it("maps Twilio's status names", () => {
    expect(fromTwilioStatus("queued")).toBe("QUEUED");
    expect(fromTwilioStatus("Delivered")).toBe("DELIVERED");
    expect(fromTwilioStatus("undelivered")).toBe("UNDELIVERED");
    expect(fromTwilioStatus("read")).toBe("READ");
    expect(fromTwilioStatus("receiving")).toBeNull();
    expect(fromTwilioStatus("bogus")).toBeNull();
  });
});
