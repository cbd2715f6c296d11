import { createHash, randomUUID } from "node:crypto";
import type { Db, HospitalMessageResult } from "../../db/client.js";
import type { AckDecision, Hl7ErrorCode, Hl7Header } from "../../hl7/index.js";
import { now } from "../../lib/clock.js";
import { rawInserts } from "./group-commit.js";

export interface StoredMessage {
  id: string;
  result: HospitalMessageResult;
  ack: AckDecision | null;
}

/**
 * Stores the raw bytes first, once per sending facility + MSH-10 (a message without a control id
 * is keyed on its content hash, so resending the same broken message finds the same row). A message
 * refused or ignored on sight is stored with that outcome; one to act on is stored RECEIVED with
 * the accept ACK (AA) it is about to get.
 */
export async function storeRaw(
  db: Db,
  raw: Uint8Array,
  header: Hl7Header | null,
  transport: string,
  decided: Outcome | null,
): Promise<{ row: StoredMessage; duplicate: boolean }> {
  const key = {
    sendingFacility: header?.sendingFacility ?? "",
    controlId: header?.controlId || `sha256:${createHash("sha256").update(raw).digest("hex")}`,
  };
  const columns = decided ? outcomeColumns(decided) : null;
  const row = {
    id: randomUUID(),
    result: columns?.result ?? "RECEIVED",
    ackCode: columns?.ackCode ?? "AA",
    ackError: columns?.ackError ?? null,
    reason: columns?.reason ?? null,
  } as const;
  // Through the group commit: the ACK waits for this insert only, batched with other connections'.
  const inserted = await rawInserts(db).insert({
    ...key,
    ...row,
    transport,
    sendingApp: header?.sendingApp ?? "",
    messageType: header ? `${header.messageCode}^${header.event}`.slice(0, 20) : null,
    // A copy: the transport's buffer may be reused once the message is answered.
    raw: Buffer.from(raw),
    attempts: decided ? 1 : 0,
    processedAt: columns?.processedAt ?? null,
    receivedAt: now(),
  });
  if (inserted) return { row: toStored(row), duplicate: false };
  const stored = await db.hospitalMessage.findUniqueOrThrow({
    where: { sendingFacility_controlId: key },
    select: { id: true, result: true, ackCode: true, ackError: true, reason: true },
  });
  return { row: toStored(stored), duplicate: true };
}

type Row = {
  id: string;
  result: HospitalMessageResult;
  ackCode: string | null;
  ackError: string | null;
  reason: string | null;
};

function toStored(row: Row): StoredMessage {
  const code = row.ackCode;
  if (code !== "AA" && code !== "AE" && code !== "AR") return { id: row.id, result: row.result, ack: null };
  const ack: AckDecision = { code };
  if (code !== "AA" && row.reason) ack.reason = row.reason;
  if (row.ackError) ack.error = row.ackError as Hl7ErrorCode;
  return { id: row.id, result: row.result, ack };
}

export interface Outcome {
  result: Exclude<HospitalMessageResult, "RECEIVED">;
  ack: AckDecision;
  reason?: string;
  patientId?: string | null;
  episodeId?: string | null;
}

function outcomeColumns(outcome: Outcome) {
  return {
    result: outcome.result,
    ackCode: outcome.ack.code,
    ackError: outcome.ack.error ?? null,
    reason: (outcome.reason ?? outcome.ack.reason ?? null)?.slice(0, 500) ?? null,
    processedAt: now(),
    ...(outcome.patientId !== undefined ? { patientId: outcome.patientId } : {}),
    ...(outcome.episodeId !== undefined ? { episodeId: outcome.episodeId } : {}),
  };
}

/**
 * What became of a message once acted on. The ACK columns keep what the sender was told at
 * receipt (AA: accepted), so a resend gets the same answer.
 */
export async function recordOutcome(db: Db, id: string, outcome: Outcome): Promise<void> {
  const { ackCode: _sent, ackError: _sentError, ...columns } = outcomeColumns(outcome);
  await db.hospitalMessage.update({ where: { id }, data: { ...columns, attempts: { increment: 1 } } });
}
