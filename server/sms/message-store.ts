import { MessageDirection, MessageStatus, type Tx } from "../db/client.js";
import { now } from "../lib/clock.js";
import { metrics } from "../observability/metrics.js";
import { COMPLIANCE_TEMPLATES } from "./policy.js";
import { ATTEMPTED_STATUSES, statusesBefore } from "./status.js";
import type { ProviderMessage } from "./transport.js";

export const outboundSelect = {
  id: true,
  patientId: true,
  template: true,
  body: true,
  status: true,
  direction: true,
  providerSid: true,
  errorCode: true,
  sendAfter: true,
  createdAt: true,
  updatedAt: true,
} as const;

export { isUniqueViolation } from "../db/client.js";

const FAILED: MessageStatus[] = [MessageStatus.UNDELIVERED, MessageStatus.FAILED];

/** Forward-only status change, atomic in SQL so racing callbacks cannot move a message back. */
export async function advanceStatus(
  db: Tx,
  where: { id: string } | { providerSid: string },
  status: MessageStatus,
  errorCode: number | null,
): Promise<boolean> {
  const res = await db.message.updateMany({
    where: { ...where, status: { in: statusesBefore(status) } },
    data: { status, ...(errorCode !== null ? { errorCode } : {}) },
  });
  if (res.count > 0) countStatus(status, errorCode);
  return res.count > 0;
}

function countStatus(status: MessageStatus, errorCode: number | null): void {
  if (status === MessageStatus.DELIVERED) metrics.textDelivered();
  if (FAILED.includes(status)) metrics.textFailed(errorCode);
}

/**
 * Records what the provider answered. A row still in flight (SENDING, no sid) takes the provider's
 * last status at once (the outbox answers "sent" then "delivered"; Twilio's "queued" ranks below
 * our own in-flight SENDING) and the status is returned. If a status callback got there first it
 * already set the sid: then only forward moves apply, one by one, and null is returned.
 */
export async function recordProviderMessage(
  db: Tx,
  id: string,
  pm: ProviderMessage,
): Promise<MessageStatus | null> {
  const last = pm.statuses.at(-1) ?? MessageStatus.QUEUED;
  const res = await db.message.updateMany({
    where: { id, providerSid: null },
    data: {
      providerSid: pm.providerSid,
      status: last,
      ...(pm.errorCode !== null ? { errorCode: pm.errorCode } : {}),
    },
  });
  if (res.count > 0) {
    // Counted as a status callback moving the row there would have been.
    if (pm.statuses.length > 1) countStatus(last, pm.errorCode);
    return last;
  }
  for (const status of pm.statuses.slice(1)) await advanceStatus(db, { id }, status, pm.errorCode);
  return null;
}

/** The send is known not to have happened: the row may be claimed again by a retry. */
export async function releaseForRetry(db: Tx, id: string, errorCode: number | string | null): Promise<void> {
  await db.message.updateMany({
    where: { id, status: MessageStatus.SENDING, providerSid: null },
    data: { status: MessageStatus.PENDING, errorCode: typeof errorCode === "number" ? errorCode : null },
  });
}

/**
 * An attempt that cannot tell whether Twilio took the message has finished (no request of ours is
 * in flight any more): on a SENDING row, `sendAfter` records from when the next attempt may
 * reconcile at once instead of waiting out the in-flight lease.
 */
export async function markAttemptEnded(db: Tx, id: string): Promise<void> {
  await db.message.updateMany({
    where: { id, status: MessageStatus.SENDING, providerSid: null },
    data: { sendAfter: now() },
  });
}

export async function markFailed(db: Tx, id: string, errorCode: number | null): Promise<void> {
  const res = await db.message.updateMany({
    where: { id, providerSid: null },
    data: { status: MessageStatus.FAILED, errorCode },
  });
  if (res.count > 0) metrics.textFailed(errorCode);
}

/** Conservative: a message counts from its last update, so a deferred text counts when it went out. */
export async function countRecentAttempts(
  db: Tx,
  patientId: string,
  excludeId: string,
): Promise<{ day: number; week: number }> {
  const t = now().getTime();
  const base = {
    patientId,
    direction: MessageDirection.OUTBOUND,
    status: { in: ATTEMPTED_STATUSES },
    id: { not: excludeId },
    NOT: { template: { in: [...COMPLIANCE_TEMPLATES] } },
  };
  // Sequential: both run on one transaction connection.
  const day = await db.message.count({ where: { ...base, updatedAt: { gte: new Date(t - 86_400_000) } } });
  const week = await db.message.count({
    where: { ...base, updatedAt: { gte: new Date(t - 7 * 86_400_000) } },
  });
  return { day, week };
}
