import { type Db, MessageDirection, type MessageStatus } from "../db/client.js";

export interface ConversationMessage {
  id: string;
  direction: MessageDirection;
  status: MessageStatus;
  template: string | null;
  body: string;
  errorCode: number | null;
  sendAfter: Date | null;
  createdAt: Date;
}

const select = {
  id: true,
  direction: true,
  status: true,
  template: true,
  body: true,
  errorCode: true,
  sendAfter: true,
  createdAt: true,
} as const;

/** Every text in and out for one patient, oldest first (timeline and phone simulator). */
export async function listConversation(
  db: Db,
  patientId: string,
  opts: { limit?: number } = {},
): Promise<ConversationMessage[]> {
  const rows = await db.message.findMany({
    where: { patientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 500,
    select,
  });
  return rows.reverse();
}

export interface OutboxMessage extends ConversationMessage {
  patientId: string;
}

/** Outbound texts, newest first (embedded mode's "outbox"; `since` for polling). */
export async function listOutbox(
  db: Db,
  opts: { since?: Date; limit?: number } = {},
): Promise<OutboxMessage[]> {
  return db.message.findMany({
    where: { direction: MessageDirection.OUTBOUND, ...(opts.since ? { updatedAt: { gt: opts.since } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 200,
    select: { ...select, patientId: true },
  });
}
