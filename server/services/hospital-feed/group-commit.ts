import type { Db, HospitalMessageResult } from "../../db/client.js";

/** One new HospitalMessage row, as the listener stores it before answering. */
export interface RawRow {
  id: string;
  transport: string;
  sendingApp: string;
  sendingFacility: string;
  controlId: string;
  messageType: string | null;
  raw: Uint8Array;
  result: HospitalMessageResult;
  reason: string | null;
  ackCode: string | null;
  ackError: string | null;
  attempts: number;
  processedAt: Date | null;
  receivedAt: Date;
}

const COLUMNS = [
  "id",
  "transport",
  "sendingApp",
  "sendingFacility",
  "controlId",
  "messageType",
  "raw",
  "result",
  "reason",
  "ackCode",
  "ackError",
  "attempts",
  "processedAt",
  "receivedAt",
  "createdAt",
  "updatedAt",
] as const;
// Timestamps go as ISO text read in UTC: what Prisma writes to a timestamp(3) column.
const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;
const CASTS: Record<string, (n: number) => string> = {
  result: (n) => `$${n}::"HospitalMessageResult"`,
  attempts: (n) => `$${n}::int`,
  processedAt: utc,
  receivedAt: utc,
  createdAt: utc,
  updatedAt: utc,
};

function values(row: RawRow): unknown[] {
  const at = row.receivedAt.toISOString();
  return [
    row.id,
    row.transport,
    row.sendingApp,
    row.sendingFacility,
    row.controlId,
    row.messageType,
    row.raw,
    row.result,
    row.reason,
    row.ackCode,
    row.ackError,
    row.attempts,
    row.processedAt?.toISOString() ?? null,
    at,
    at,
    at,
  ];
}

type Waiting = { row: RawRow; resolve: (inserted: boolean) => void; reject: (err: unknown) => void };

/**
 * Group commit for the listener's raw store. The database is durable (synchronous_commit on), so
 * each commit waits for a WAL flush; the ACK waits for that commit. Messages that arrive on any
 * connection while an insert is being committed go together in the next one: one multi-row INSERT,
 * one flush, however many connections are sending. Alone, a message is inserted at once (no timer).
 * Resolves true when the row was inserted, false when its sender + control id was already stored.
 */
export class RawInsertBatcher {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  constructor(
    private readonly db: Db,
    private readonly maxInFlight = 2,
    private readonly maxRows = 100,
  ) {}

  insert(row: RawRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxRows);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      const inserted = await this.write(batch.map((w) => w.row));
      for (const w of batch) w.resolve(inserted.has(w.row.id));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // One row the database refuses must not refuse the others with it: each on its own.
      await Promise.all(batch.map((w) => this.flush([w])));
    }
  }

  private async write(rows: RawRow[]): Promise<Set<string>> {
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const cells = values(row).map((v, i) => {
        params.push(v);
        const cast = CASTS[COLUMNS[i]!];
        return cast ? cast(params.length) : `$${params.length}`;
      });
      return `(${cells.join(", ")})`;
    });
    const sql = `INSERT INTO "HospitalMessage" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(
      ", ",
    )} ON CONFLICT ("sendingFacility", "controlId") DO NOTHING RETURNING "id"`;
    const returned = await this.db.$queryRawUnsafe<{ id: string }[]>(sql, ...params);
    return new Set(returned.map((r) => r.id));
  }
}

const batchers = new WeakMap<Db, RawInsertBatcher>();

/** The one batcher of a database client (every listener and HTTPS route of the process shares it). */
export function rawInserts(db: Db): RawInsertBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new RawInsertBatcher(db);
    batchers.set(db, b);
  }
  return b;
}
