import { PhoneStatus } from "../db/client.js";

/**
 * Thrown by send() when trying again later can succeed (Twilio 5xx, 429, 30003, timeouts). Callers
 * are Trigger.dev tasks: letting it propagate makes the task's retry policy do the backoff, and the
 * stored message stays retryable under the same idempotency key.
 */
export class RetryableSmsError extends Error {
  override readonly name = "RetryableSmsError";
  constructor(
    message: string,
    readonly messageId: string,
    readonly errorCode: number | string | null,
  ) {
    super(message);
  }
}

/** What went wrong talking to the provider, independent of the SDK's error shapes. */
export type ProviderFailure =
  | { kind: "rejected"; httpStatus: number; code: number | null }
  // A network failure: `outcomeUnknown` when the request may have reached the provider
  // (timeout, reset after sending), so the message might exist there already.
  | { kind: "network"; outcomeUnknown: boolean; code: string };

export type FailureAction =
  | { action: "OPT_OUT"; errorCode: number }
  | { action: "PHONE_BAD"; phoneStatus: PhoneStatus; errorCode: number }
  | { action: "RETRY"; outcomeUnknown: boolean; errorCode: number | string | null }
  | { action: "FAIL"; errorCode: number | null };

const PHONE_BAD_CODES: Record<number, PhoneStatus> = {
  21211: PhoneStatus.INVALID, // invalid 'To' number
  21614: PhoneStatus.NOT_SMS_CAPABLE, // not a mobile number
  30006: PhoneStatus.LANDLINE, // landline or unreachable carrier
};
const OPT_OUT_CODE = 21610; // recipient replied STOP at the carrier / Twilio level
const RETRY_CODES = new Set([30003, 20429]); // handset unreachable; Twilio's "too many requests"

/** Meaning of a Twilio error code wherever it shows up (API error body or status callback). */
export function classifyErrorCode(code: number | null): FailureAction | null {
  if (code === null) return null;
  if (code === OPT_OUT_CODE) return { action: "OPT_OUT", errorCode: code };
  const phoneStatus = PHONE_BAD_CODES[code];
  if (phoneStatus) return { action: "PHONE_BAD", phoneStatus, errorCode: code };
  if (RETRY_CODES.has(code)) return { action: "RETRY", outcomeUnknown: false, errorCode: code };
  return null;
}

export function classifyProviderFailure(failure: ProviderFailure): FailureAction {
  if (failure.kind === "network") {
    return { action: "RETRY", outcomeUnknown: failure.outcomeUnknown, errorCode: failure.code };
  }
  const byCode = classifyErrorCode(failure.code);
  if (byCode) return byCode;
  if (failure.httpStatus === 429) return { action: "RETRY", outcomeUnknown: false, errorCode: failure.code };
  // A 5xx may come from a proxy after Twilio accepted the message: treat the outcome as unknown.
  if (failure.httpStatus >= 500) return { action: "RETRY", outcomeUnknown: true, errorCode: failure.code };
  return { action: "FAIL", errorCode: failure.code };
}

// Errors before a connection exists mean the request never left; anything later may have landed.
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Maps what the twilio SDK throws (RestException or an axios network error) to a ProviderFailure. */
export function toProviderFailure(err: unknown): ProviderFailure {
  const e = err as { status?: unknown; code?: unknown; name?: unknown };
  if (typeof e.status === "number") {
    return { kind: "rejected", httpStatus: e.status, code: typeof e.code === "number" ? e.code : null };
  }
  const code = typeof e.code === "string" ? e.code : "UNKNOWN";
  return { kind: "network", outcomeUnknown: !NEVER_SENT.has(code), code };
}
