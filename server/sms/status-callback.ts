import { type Db, MessageStatus, type PhoneStatus } from "../db/client.js";
import { now } from "../lib/clock.js";
import { logger } from "../lib/logger.js";
import { classifyErrorCode } from "./errors.js";
import { advanceStatus } from "./message-store.js";
import { fromTwilioStatus } from "./status.js";

export interface StatusUpdate {
  /** Our message id from the callback URL (?m=), present for texts this service sent. */
  messageId?: string;
  providerSid: string;
  status: string;
  errorCode: number | null;
}

export interface PhoneUnusableEvent {
  patientId: string;
  messageId: string;
  phoneStatus: PhoneStatus;
  errorCode: number;
}

export type StatusOutcome = "APPLIED" | "IGNORED" | "UNKNOWN_MESSAGE";

/** Applies a delivery report. Repeats and out-of-order reports are harmless: status only moves forward. */
export async function applyStatusUpdate(
  db: Db,
  update: StatusUpdate,
  onPhoneUnusable?: (e: PhoneUnusableEvent) => unknown,
): Promise<StatusOutcome> {
  const status = fromTwilioStatus(update.status);
  if (!status) return "IGNORED";
  if (update.messageId) {
    // The callback can beat our own create response: adopt the sid while the row is in flight.
    await db.message.updateMany({
      where: { id: update.messageId, providerSid: null, status: MessageStatus.SENDING },
      data: { providerSid: update.providerSid, status, errorCode: update.errorCode },
    });
  }
  const row = await db.message.findUnique({
    where: { providerSid: update.providerSid },
    select: { id: true, patientId: true },
  });
  if (!row) return "UNKNOWN_MESSAGE";
  const moved = await advanceStatus(db, { providerSid: update.providerSid }, status, update.errorCode);
  await applyErrorCode(db, row, update.errorCode, onPhoneUnusable);
  return moved ? "APPLIED" : "IGNORED";
}

async function applyErrorCode(
  db: Db,
  row: { id: string; patientId: string },
  errorCode: number | null,
  onPhoneUnusable?: (e: PhoneUnusableEvent) => unknown,
): Promise<void> {
  const action = classifyErrorCode(errorCode);
  if (!action) return;
  if (action.action === "OPT_OUT") {
    await db.patient.updateMany({
      where: { id: row.patientId, optedOut: false },
      data: { optedOut: true, optedOutAt: now() },
    });
    return;
  }
  if (action.action !== "PHONE_BAD") return;
  const changed = await db.patient.updateMany({
    where: { id: row.patientId, phoneStatus: "OK" },
    data: { phoneStatus: action.phoneStatus },
  });
  // Only the first report that marks the number bad raises the event (repeats stay quiet).
  if (changed.count === 0 || !onPhoneUnusable) return;
  try {
    await onPhoneUnusable({
      patientId: row.patientId,
      messageId: row.id,
      phoneStatus: action.phoneStatus,
      errorCode: action.errorCode,
    });
  } catch (err) {
    logger.error("sms onPhoneUnusable failed", { messageId: row.id, err: String(err).slice(0, 200) });
  }
}
