import { randomUUID } from "node:crypto";
import { CheckInStatus, type Db, MessageDirection, MessageStatus } from "../../db/client.js";
import { now } from "../../lib/clock.js";

/** A stored inbound text, as the keyword and routing steps need it. */
export interface InboundRef {
  id: string;
  patientId: string;
  episodeId: string | null;
}

export type Stored =
  | { kind: "STORED"; id: string; patientId: string; episodeId: string | null }
  | { kind: "DUPLICATE"; id: string }
  | { kind: "UNKNOWN_SENDER" };

/**
 * The webhook's hot path in one statement: finds the patient by phone (with their active episode)
 * and stores the text once per provider sid. When nothing was stored, a second look tells a
 * redelivery (the first row's id comes back as a duplicate) from a stranger.
 */
export async function storeInbound(
  db: Db,
  m: { phone: string | null; body: string; providerSid: string },
): Promise<Stored> {
  if (m.phone === null) return { kind: "UNKNOWN_SENDER" };
  const t = now();
  const [row] = await db.$queryRaw<{ patientId: string; episodeId: string | null; id: string | null }[]>`
    WITH sender AS (
      SELECT p.id AS "patientId",
        (SELECT e.id FROM "Episode" e WHERE e."patientId" = p.id AND e.status = 'ACTIVE'
          ORDER BY e."dischargedAt" DESC LIMIT 1) AS "episodeId"
      FROM "Patient" p WHERE p.phone = ${m.phone}),
    stored AS (
      INSERT INTO "Message" (id, "patientId", "episodeId", direction, body, status, "providerSid",
        "idempotencyKey", "createdAt", "updatedAt")
      SELECT ${randomUUID()}, s."patientId", s."episodeId", 'INBOUND', ${m.body}, 'RECEIVED', ${m.providerSid},
        ${`inbound:${m.providerSid}`}, ${t}, ${t}
      FROM sender s
      ON CONFLICT DO NOTHING
      RETURNING id)
    SELECT s."patientId", s."episodeId", (SELECT id FROM stored) AS id FROM sender s`;
  if (!row) return { kind: "UNKNOWN_SENDER" };
  if (row.id) return { kind: "STORED", id: row.id, patientId: row.patientId, episodeId: row.episodeId };
  const dup = await db.message.findUnique({ where: { providerSid: m.providerSid }, select: { id: true } });
  return { kind: "DUPLICATE", id: dup?.id ?? "" };
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

/**
 * The check-in whose question waits for a reply (its waitpoint token id is set while it waits).
 * The status is written into the statement, not bound: bound, each call's plan was made again for
 * its value (about 0.1 ms of Postgres' CPU for every routed reply).
 */
export async function waitingCheckIn(
  db: Db,
  episodeId: string,
): Promise<{ id: string; waitTokenId: string } | null> {
  const rows = await db.$queryRaw<{ id: string; waitTokenId: string }[]>`
    SELECT id, "waitTokenId" FROM "CheckIn"
    WHERE "episodeId" = ${episodeId} AND status = 'IN_PROGRESS' AND "waitTokenId" IS NOT NULL
    ORDER BY slot DESC LIMIT 1`;
  return rows[0] ?? null;
}

/** Any check-in of the patient in progress, asked or about to ask. */
export async function hasOpenCheckIn(db: Db, patientId: string): Promise<boolean> {
  const open = await db.checkIn.count({
    where: { status: CheckInStatus.IN_PROGRESS, episode: { patientId } },
  });
  return open > 0;
}
