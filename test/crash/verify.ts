// What the database (and Twilio) hold after the crashes, measured against what the app acknowledged.
import pg from "pg";
import type { FakeMessage } from "../fake-twilio/wire.js";
import type { Acked } from "./reply-senders.js";

export interface Figures {
  acknowledged: number;
  found: number;
  lost: number;
  /** Acknowledged replies stored more than once. */
  storedTwice: number;
  /** Found, but not yet turned into a task, an answer or an acknowledgement. */
  unprocessed: number;
  /** The same text to the same patient more than once (database rows or texts Twilio got). */
  duplicateTexts: number;
  /** Replies recorded on the same task more than once (a step re-run after a kill must not add a second event). */
  recordedTwice: number;
}

export async function measure(
  databaseUrl: string,
  acked: Acked[],
  twilioTexts: FakeMessage[],
  patientPhones: string[],
): Promise<Figures> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sids = acked.filter((a) => a.via === "webhook").map((a) => a.key);
    const ids = acked.filter((a) => a.via === "simulator").map((a) => a.key);
    const { rows } = await client.query<{ key: string; copies: number; processed: number; recorded: number }>(
      `SELECT CASE WHEN m."providerSid" = ANY($1) THEN m."providerSid" ELSE m.id END AS key,
              count(*)::int AS copies,
              count(*) FILTER (WHERE m."processedAt" IS NOT NULL AND (
                EXISTS (SELECT 1 FROM "TaskEvent" e WHERE e.data->>'messageId' = m.id)
                OR EXISTS (SELECT 1 FROM "Answer" a WHERE a."messageId" = m.id)))::int AS processed,
              max((SELECT count(*) FROM "TaskEvent" e WHERE e.data->>'messageId' = m.id
                    GROUP BY e."taskId" ORDER BY 1 DESC LIMIT 1))::int AS recorded
         FROM "Message" m
        WHERE m.direction = 'INBOUND' AND (m."providerSid" = ANY($1) OR m.id = ANY($2))
        GROUP BY 1`,
      [sids, ids],
    );
    const dupRows = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM "Message" WHERE direction = 'OUTBOUND' AND status NOT IN ('SUPPRESSED', 'FAILED')
         GROUP BY "patientId", body HAVING count(*) > 1) d`,
    );
    const texts = new Map<string, number>();
    for (const t of twilioTexts.filter((t) => patientPhones.includes(t.to))) {
      const k = `${t.to}\u0000${t.body}`;
      texts.set(k, (texts.get(k) ?? 0) + 1);
    }
    const found = rows.length;
    return {
      acknowledged: acked.length,
      found,
      lost: acked.length - found,
      storedTwice: rows.filter((r) => r.copies > 1).length,
      unprocessed: rows.filter((r) => r.processed === 0).length,
      duplicateTexts: (dupRows.rows[0]?.n ?? 0) + [...texts.values()].filter((n) => n > 1).length,
      recordedTwice: rows.filter((r) => r.recorded > 1).length,
    };
  } finally {
    await client.end();
  }
}
