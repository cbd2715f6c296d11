import type { Db } from "../../db/client.js";

/** Where an inbound patient text goes: the check-in waiting for it, or a nurse. */
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

export async function waitingCheckIn(db: Db, episodeId: string) {
  return db.checkIn.findFirst({
    where: { episodeId, status: "IN_PROGRESS", waitTokenId: { not: null } },
    orderBy: { slot: "desc" },
    select: { id: true, waitTokenId: true },
  });
}

// Short affirmative replies ("yes", "Y", "sí", "1", "confirm") answer an appointment reminder.
const CONFIRMATION = /^\s*(yes|y|yep|si|sí|1|c|ok|okay|confirm|confirmo|confirmar)\s*[.!]*\s*$/i;

export function isConfirmation(text: string): boolean {
  return CONFIRMATION.test(text);
}
