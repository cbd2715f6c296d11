import { MessageStatus } from "../db/client.js";

// Twilio status callbacks arrive out of order and repeat; a message's status only moves forward.
// Terminal outcomes share a rank, so the first one recorded wins (a late "failed" cannot undo
// "delivered"). READ is the only thing after DELIVERED. SUPPRESSED and RECEIVED are outside
// Twilio's lifecycle and never change.
const RANK: Record<MessageStatus, number> = {
  PENDING: 0,
  QUEUED: 1,
  ACCEPTED: 2,
  SCHEDULED: 2,
  SENDING: 3,
  SENT: 4,
  DELIVERED: 5,
  UNDELIVERED: 5,
  FAILED: 5,
  CANCELED: 5,
  READ: 6,
  SUPPRESSED: 100,
  RECEIVED: 100,
};

export function canAdvance(from: MessageStatus, to: MessageStatus): boolean {
  if (RANK[from] >= 100 || RANK[to] >= 100) return false;
  return RANK[to] > RANK[from];
}

/** Statuses a message may be in for `to` to be applied: used as an atomic SQL guard. */
export function statusesBefore(to: MessageStatus): MessageStatus[] {
  return (Object.keys(RANK) as MessageStatus[]).filter((s) => canAdvance(s, to));
}

const FROM_TWILIO: Record<string, MessageStatus> = {
  queued: MessageStatus.QUEUED,
  accepted: MessageStatus.ACCEPTED,
  scheduled: MessageStatus.SCHEDULED,
  sending: MessageStatus.SENDING,
  sent: MessageStatus.SENT,
  partially_delivered: MessageStatus.SENT,
  delivered: MessageStatus.DELIVERED,
  undelivered: MessageStatus.UNDELIVERED,
  failed: MessageStatus.FAILED,
  read: MessageStatus.READ,
  canceled: MessageStatus.CANCELED,
};

export function fromTwilioStatus(status: string): MessageStatus | null {
  return FROM_TWILIO[status.toLowerCase()] ?? null;
}

/** Outbound statuses that mean a text went (or may have gone) to the carrier: counted by caps. */
export const ATTEMPTED_STATUSES: MessageStatus[] = [
  MessageStatus.QUEUED,
  MessageStatus.ACCEPTED,
  MessageStatus.SCHEDULED,
  MessageStatus.SENDING,
  MessageStatus.SENT,
  MessageStatus.DELIVERED,
  MessageStatus.READ,
  MessageStatus.UNDELIVERED,
];
