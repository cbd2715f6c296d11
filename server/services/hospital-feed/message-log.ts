import { type Db, HospitalMessageResult } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { recordView } from "../timeline/record-view.js";

export const HOSPITAL_MESSAGE_RESULTS = Object.values(HospitalMessageResult);

export interface MessageListQuery {
  cursor?: string | undefined;
  limit: number;
  result?: HospitalMessageResult | undefined;
  type?: string | undefined;
}

// What the list shows: who sent what and what became of it. No raw bytes and no PHI here; the
// raw message is a separate, audited read.
const LIST_COLUMNS = {
  id: true,
  transport: true,
  format: true,
  sendingApp: true,
  sendingFacility: true,
  controlId: true,
  messageType: true,
  result: true,
  reason: true,
  ackCode: true,
  ackError: true,
  attempts: true,
  patientId: true,
  episodeId: true,
  receivedAt: true,
  processedAt: true,
  _count: { select: { replays: true } },
} as const;

/** Every message received, newest first, a page at a time (keyset on id after the first page). */
export async function listHospitalMessages(db: Db, q: MessageListQuery) {
  const rows = await db.hospitalMessage.findMany({
    where: { ...(q.result ? { result: q.result } : {}), ...(q.type ? { messageType: q.type } : {}) },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: LIST_COLUMNS,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ _count, ...row }) => ({ ...row, replays: _count.replays })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The filters' choices: message types seen and how many messages each result has. */
export async function hospitalMessageFacets(db: Db) {
  const [types, results] = await Promise.all([
    db.hospitalMessage.groupBy({
      by: ["messageType"],
      _count: { _all: true },
      orderBy: { messageType: "asc" },
    }),
    db.hospitalMessage.groupBy({ by: ["result"], _count: { _all: true } }),
  ]);
  return {
    types: types.flatMap((t) => (t.messageType ? [{ type: t.messageType, count: t._count._all }] : [])),
    results: results.map((r) => ({ result: r.result, count: r._count._all })),
    total: results.reduce((n, r) => n + r._count._all, 0),
  };
}

/** Text shown of one message; a 5 MB message refused for its size is not sent whole to a browser. */
export const RAW_TEXT_LIMIT = 256 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/**
 * One stored message as text, a segment a line, with its replays. It holds PHI (names, numbers,
 * diagnoses), so each read is audited like opening the patient's record.
 */
export async function getHospitalMessageRaw(db: Db, opts: { id: string; viewerId: string }) {
  const row = await db.hospitalMessage.findUnique({
    where: { id: opts.id },
    select: {
      id: true,
      raw: true,
      format: true,
      patientId: true,
      controlId: true,
      messageType: true,
      replays: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, result: true, reason: true, alreadyApplied: true, createdAt: true, userId: true },
      },
    },
  });
  if (!row) throw notFound("Message");
  await recordView(db, { userId: opts.viewerId, patientId: row.patientId, action: "VIEW_HOSPITAL_MESSAGE" });
  const bytes = row.raw.subarray(0, RAW_TEXT_LIMIT);
  let text: string;
  let encoding: "UTF-8" | "Latin-1";
  try {
    text = utf8.decode(bytes);
    encoding = "UTF-8";
  } catch {
    // Bytes that are not UTF-8 (the reason it was refused, often) are shown as Latin-1, one
    // character per byte, so nothing is hidden from the analyst.
    text = latin1.decode(bytes);
    encoding = "Latin-1";
  }
  return {
    id: row.id,
    controlId: row.controlId,
    messageType: row.messageType,
    bytes: row.raw.length,
    truncated: row.raw.length > RAW_TEXT_LIMIT,
    encoding,
    format: row.format,
    segments: (row.format === "FHIR" ? indentJson(text) : text)
      .split(/\r\n|\r|\n/)
      .filter((s) => s.length > 0),
    replays: row.replays,
  };
}

// A Bundle usually arrives on one line; indented, an analyst can read it. Left as is when cut short
// or not JSON (the reason it was refused, often).
function indentJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
