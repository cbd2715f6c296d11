import type { MessageStatus } from "../db/client.js";
import type { ProviderFailure } from "./errors.js";

export const SMS_WEBHOOK_PATH = "/webhooks/twilio/sms";
export const STATUS_WEBHOOK_PATH = "/webhooks/twilio/status";

export interface OutboundRequest {
  messageId: string;
  to: string;
  body: string;
}

export interface ProviderMessage {
  providerSid: string;
  /** Statuses to apply in order (the outbox reports SENT then DELIVERED at once). */
  statuses: MessageStatus[];
  errorCode: number | null;
}

export interface SentCandidate extends ProviderMessage {
  createdAt: Date;
}

/** The only seam between the SMS service and a provider; Twilio is one implementation. */
export interface SmsTransport {
  readonly kind: "twilio" | "outbox";
  /** How long a claimed send may be in flight before another attempt treats it as crashed. */
  readonly inFlightLeaseMs: number;
  /** Throws TransportError. */
  send(req: OutboundRequest): Promise<ProviderMessage>;
  /** Messages the provider holds to `to` with exactly `body`, created at or after `since`. */
  findSent(query: { to: string; body: string; since: Date }): Promise<SentCandidate[]>;
}

export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(readonly failure: ProviderFailure) {
    super(
      failure.kind === "rejected"
        ? `provider rejected (${failure.code ?? failure.httpStatus})`
        : failure.code,
    );
  }
}
