import {
  CheckInStatus,
  type Db,
  isUniqueViolation,
  MessageDirection,
  MessageStatus,
} from "../../db/client.js";
import { now } from "../../lib/clock.js";

/** A stored inbound text, as the keyword and routing steps need it. */
export interface InboundRef {
  id: string;
  patientId: string;
  episodeId: string | null;
}

// One round trip for the webhook's hot path: the patient and their active episode together.
export async function findSender(
  db: Db,
  phone: string,
): Promise<{ patientId: string; episodeId: string | null } | null> {
  const rows = await db.$queryRaw<{ patientId: string; episodeId: string | null }[]>`
    SELECT p.id AS "patientId",
      (SELECT e.id FROM "Episode" e WHERE e."patientId" = p.id AND e.status = 'ACTIVE'
        ORDER BY e."dischargedAt" DESC LIMIT 1) AS "episodeId"
    FROM "Patient" p WHERE p.phone = ${phone}`;
  return rows[0] ?? null;
}

/** Stores the text once per provider sid; a redelivery returns the first row's id as a duplicate. */
export async function storeInbound(
  db: Db,
  m: { patientId: string; episodeId: string | null; body: string; providerSid: string },
): Promise<{ id: string; duplicate: boolean }> {
  try {
    const created = await db.message.create({
      data: {
        patientId: m.patientId,
        episodeId: m.episodeId,
        direction: MessageDirection.INBOUND,
        body: m.body,
        status: MessageStatus.RECEIVED,
        providerSid: m.providerSid,
        idempotencyKey: `inbound:${m.providerSid}`,
        createdAt: now(),
      },
      select: { id: true },
    });
    return { id: created.id, duplicate: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const dup = await db.message.findUnique({ where: { providerSid: m.providerSid }, select: { id: true } });
    return { id: dup?.id ?? "", duplicate: true };
  }
}

export async function markInboundProcessed(db: Db, id: string): Promise<void> {
  await db.message.updateMany({
    where: { id, direction: MessageDirection.INBOUND, processedAt: null },
    data: { processedAt: now() },
  });
}

/** Inbound texts stored but never marked processed, oldest first. */
export async function listUnprocessed(db: Db, cutoff: Date, limit: number) {
  return db.message.findMany({
    where: {
      direction: MessageDirection.INBOUND,
      status: MessageStatus.RECEIVED,
      processedAt: null,
      createdAt: { lte: cutoff },
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, patientId: true, episodeId: true, body: true },
  });
}

export async function loadInbound(db: Db, messageId: string) {
  return db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      body: true,
      direction: true,
      processedAt: true,
      createdAt: true,
      // Names are read only to scrub them from text sent to the optional language-model reader.
      patient: {
        select: { id: true, optedOut: true, preferredLanguage: true, firstName: true, lastName: true },
      },
      episode: { select: { id: true, protocol: true, protocolVersion: true, status: true } },
    },
  });
}

/** The check-in whose question waits for a reply (its waitpoint token id is set while it waits). */
export async function waitingCheckIn(db: Db, episodeId: string) {
  return db.checkIn.findFirst({
    where: { episodeId, status: CheckInStatus.IN_PROGRESS, waitTokenId: { not: null } },
    orderBy: { slot: "desc" },
    select: { id: true, waitTokenId: true },
  });
}

/** Any check-in of the patient in progress, asked or about to ask. */
export async function hasOpenCheckIn(db: Db, patientId: string): Promise<boolean> {
  const open = await db.checkIn.count({
    where: { status: CheckInStatus.IN_PROGRESS, episode: { patientId } },
  });
  return open > 0;
}
