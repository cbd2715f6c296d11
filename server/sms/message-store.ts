import { randomUUID } from "node:crypto";
import { type Db, type Language, MessageStatus, type Prisma, type Tx } from "../db/client.js";
import { now } from "../lib/clock.js";
import { metrics } from "../observability/metrics.js";
import { COMPLIANCE_TEMPLATES, type PolicyPatient } from "./policy.js";
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

/** An outbound row as the send path reads it (`outboundSelect`'s columns). */
export type Row = Prisma.MessageGetPayload<{ select: typeof outboundSelect }>;

/** The patient as the send rules read it (`outreachPausedAt`: the hospital-feed hook, see policy.ts). */
export type GatePatient = PolicyPatient & { phone: string };

/** Who a text goes to: the send rules' view of the patient, and what its body is rendered from. */
export type Recipient = GatePatient & {
  firstName: string;
  preferredLanguage: Language;
  /** The named episode's hospital, else the one of the patient's latest discharge. */
  hospitalName: string | null;
};

/**
 * The recipient in one statement: the patient and the hospital name (the named episode's, else the
 * latest discharge's). Null when the patient does not exist.
 */
export async function readRecipient(
  db: Db,
  patientId: string,
  episodeId: string | null,
): Promise<Recipient | null> {
  const [row] = await db.$queryRaw<Recipient[]>`
    SELECT p."firstName", p."preferredLanguage"::text AS "preferredLanguage", p.phone, p."optedOut",
      p."phoneStatus"::text AS "phoneStatus", p."consentStatus"::text AS "consentStatus", p."timeZone",
      p."outreachPausedAt",
      (SELECT e."hospitalName" FROM "Episode" e
        WHERE e.id = ${episodeId} OR (${episodeId}::text IS NULL AND e."patientId" = p.id)
        ORDER BY e."dischargedAt" DESC LIMIT 1) AS "hospitalName"
    FROM "Patient" p WHERE p.id = ${patientId}`;
  return row ?? null;
}

export interface NewOutbound {
  patientId: string;
  episodeId: string | null;
  checkInId: string | null;
  template: string;
  body: string;
  idempotencyKey: string;
}

/**
 * Stores an outbound text once per idempotency key; null when the key is taken (a re-execution:
 * the caller reads that row). With `seen`, the patient as read for this text and found by the
 * send rules to be sendable, the row is stored claimed (SENDING, one attempt) on condition that
 * the patient's row still says what was read. The patient's row is read FOR SHARE, so an opt-out
 * (or any change) being written meanwhile is waited for and then seen, as the gate's FOR UPDATE
 * would see it; then the row is stored PENDING and the gate judges it. One statement either way.
 */
export async function insertOutbound(db: Db, m: NewOutbound, seen: GatePatient | null): Promise<Row | null> {
  const t = now();
  const [row] = await db.$queryRaw<Row[]>`
    WITH claim AS (
      SELECT ${seen !== null} AND EXISTS (
        SELECT 1 FROM "Patient" p
        WHERE p.id = ${m.patientId} AND p.phone = ${seen?.phone ?? null} AND p."optedOut" = ${seen?.optedOut ?? null}
          AND p."phoneStatus"::text = ${seen?.phoneStatus ?? null} AND p."consentStatus"::text = ${seen?.consentStatus ?? null}
          AND p."timeZone" = ${seen?.timeZone ?? null}
          AND p."outreachPausedAt" IS NOT DISTINCT FROM ${seen?.outreachPausedAt ?? null}::timestamp
        FOR SHARE) AS ok)
    INSERT INTO "Message" (id, "patientId", "episodeId", "checkInId", direction, template, body, status,
      "idempotencyKey", "sendAttempts", "createdAt", "updatedAt")
    SELECT ${randomUUID()}, ${m.patientId}, ${m.episodeId}, ${m.checkInId}, 'OUTBOUND', ${m.template}, ${m.body},
      (CASE WHEN claim.ok THEN 'SENDING' ELSE 'PENDING' END)::"MessageStatus", ${m.idempotencyKey},
      CASE WHEN claim.ok THEN 1 ELSE 0 END, ${t}, ${t}
    FROM claim
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id, "patientId", template, body, status::text AS status, direction::text AS direction,
      "providerSid", "errorCode", "sendAfter", "createdAt", "updatedAt"`;
  return row ?? null;
}

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

/**
 * Conservative: a message counts from its last update, so a deferred text counts when it went out.
 * One statement for both windows; compliance texts never count (nor does a row without a template).
 */
export async function countRecentAttempts(
  db: Tx,
  patientId: string,
  excludeId: string,
): Promise<{ day: number; week: number }> {
  const t = now().getTime();
  const [counts] = await db.$queryRaw<{ day: number; week: number }[]>`
    SELECT (count(*) FILTER (WHERE "updatedAt" >= ${new Date(t - 86_400_000)}))::int AS day, count(*)::int AS week
    FROM "Message"
    WHERE "patientId" = ${patientId} AND direction = 'OUTBOUND' AND status::text = ANY(${ATTEMPTED_STATUSES}::text[])
      AND id <> ${excludeId} AND NOT (template = ANY(${[...COMPLIANCE_TEMPLATES]}::text[]))
      AND "updatedAt" >= ${new Date(t - 7 * 86_400_000)}`;
  return counts ?? { day: 0, week: 0 };
}
