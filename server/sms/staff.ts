import { classifyProviderFailure } from "./errors.js";
import { normalizePhone } from "./phone.js";
import type { SmsService } from "./send.js";
import { TransportError } from "./transport.js";

/** What became of one text to a staff member's own phone (a page: no patient data in it). */
export type StaffTextOutcome =
  | { kind: "SENT"; providerId: string }
  /** Worth another attempt later; `outcomeUnknown` when the provider may hold it already. */
  | { kind: "RETRY"; outcomeUnknown: boolean }
  | { kind: "FAILED"; reason: string };

/**
 * Sends a page to staff through the same transport as patient texts (Twilio, or the local outbox
 * in embedded mode). Staff pages bypass the patient rules (consent, quiet hours, opt-out): they
 * carry no PHI and go to numbers staff gave for exactly this.
 */
export async function sendStaffText(
  sms: Pick<SmsService, "transport">,
  req: {
    id: string;
    phone: string | null;
    body: string;
    /** Set when an earlier attempt may have reached the provider: look for that text first. */
    retryOf?: { since: Date; isOwned: (providerSid: string) => Promise<boolean> };
  },
): Promise<StaffTextOutcome> {
  const to = req.phone ? normalizePhone(req.phone) : null;
  if (!to) return { kind: "FAILED", reason: req.phone ? "PHONE_INVALID" : "NO_PHONE" };
  try {
    if (req.retryOf) {
      const found = await sms.transport.findSent({ to, body: req.body, since: req.retryOf.since });
      for (const candidate of found) {
        if (!(await req.retryOf.isOwned(candidate.providerSid)))
          return { kind: "SENT", providerId: candidate.providerSid };
      }
    }
    const sent = await sms.transport.send({ messageId: req.id, to, body: req.body });
    return { kind: "SENT", providerId: sent.providerSid };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    const action = classifyProviderFailure(err.failure);
    if (action.action === "RETRY") return { kind: "RETRY", outcomeUnknown: action.outcomeUnknown };
    return { kind: "FAILED", reason: `PROVIDER_${action.errorCode ?? "ERROR"}` };
  }
}
