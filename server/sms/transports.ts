import { randomBytes } from "node:crypto";
import { MessageStatus } from "../db/client.js";
import type { SmsConfig } from "./config.js";
import type { SmsTransport } from "./transport.js";
import { createTwilioTransport } from "./twilio-transport.js";

/**
 * Embedded mode: nothing leaves the machine. The stored message is the outbox the patient phone
 * simulator reads, so "sending" just reports it sent and delivered.
 */
export function createOutboxTransport(): SmsTransport {
  return {
    kind: "outbox",
    inFlightLeaseMs: 5_000,
    async send() {
      return {
        providerSid: `LO${randomBytes(16).toString("hex")}`,
        statuses: [MessageStatus.SENT, MessageStatus.DELIVERED],
        errorCode: null,
      };
    },
    // Nothing can be lost between us and the outbox, so there is never anything to find.
    async findSent() {
      return [];
    },
  };
}

export function createTransport(config: SmsConfig): SmsTransport {
  return config.mode === "connected" ? createTwilioTransport(config) : createOutboxTransport();
}
