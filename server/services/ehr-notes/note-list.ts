import { type Db, EhrNoteStatus } from "../../db/client.js";

export const EHR_NOTE_STATUSES = Object.values(EhrNoteStatus);

export interface NoteListQuery {
  status?: EhrNoteStatus | undefined;
  cursor?: string | undefined;
  limit: number;
}

// Where each note stands with the EHR; never the note's text (it is clinical documentation, read
// on the patient's page) and no names: the admin follows the task or patient link.
const COLUMNS = {
  id: true,
  kind: true,
  status: true,
  channel: true,
  ehrId: true,
  failReason: true,
  attempts: true,
  resends: true,
  patientId: true,
  taskId: true,
  episodeId: true,
  adminTaskId: true,
  createdAt: true,
  sentAt: true,
  acceptedAt: true,
  failedAt: true,
  resentAt: true,
  updatedAt: true,
} as const;

/** Notes to the EHR, newest first, a page at a time (keyset on id after the first page). */
export async function listEhrNotes(db: Db, q: NoteListQuery) {
  const rows = await db.ehrNote.findMany({
    where: q.status ? { status: q.status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: COLUMNS,
  });
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}

/** How many notes stand in each status (the filter's counts). */
export async function ehrNoteCounts(db: Db) {
  const groups = await db.ehrNote.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(EHR_NOTE_STATUSES.map((s) => [s, 0])) as Record<EhrNoteStatus, number>;
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}
