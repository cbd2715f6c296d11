import type pg from "pg";
import { appendChunk, readChunks, type StreamHub, type StreamRun } from "./streams.js";
import { completeToken } from "./waitpoints.js";

// Input streams (`streams.input<T>({ id })`: `send` from outside, `on`/`once`/`peek`/`wait` inside
// the run). Each record is a chunk of the run's stream `$trigger.input:<id>` (Trigger.dev's name,
// apart from any stream a task writes), numbered from 0: the in-task SSE tail reads them, and its
// `Last-Event-ID` is the record's number. A record's data is stored as the SSE reader must see it:
// the JSON text of the record (the JSON of the sent data), as the S2 records of the cloud carry it.
// `.wait()` parks the run on a MANUAL waitpoint linked to (run, stream); the next `send` completes
// it with the record, and a record that arrived before the wait completes it at once.

export const INPUT_STREAM_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The stream an input stream's records are kept in. */
export function inputStreamKey(streamId: string): string {
  return `$trigger.input:${streamId}`;
}

/** Stores one record and completes the run's linked `.wait()` on that stream, if one is open. */
export async function sendInput(
  pool: pg.Pool,
  hub: StreamHub,
  run: StreamRun,
  streamId: string,
  data: unknown,
  now: Date,
): Promise<"completed-wait" | "stored"> {
  const record = JSON.stringify(data === undefined ? null : data);
  await appendChunk(pool, hub, run, inputStreamKey(streamId), JSON.stringify(record));
  return (await completeLinkedWait(pool, run.id, streamId, record, now)) ? "completed-wait" : "stored";
}

/**
 * `.wait()`: links the waitpoint to (run, stream), replacing an earlier link; a record after
 * `lastSeqNum` (the last the run has seen; none: from the start) completes it at once.
 */
export async function linkInputWait(
  pool: pg.Pool,
  run: StreamRun,
  streamId: string,
  waitpointId: string,
  lastSeqNum: number | undefined,
  checkStored: boolean,
  now: Date,
): Promise<void> {
  await pool.query(
    `INSERT INTO trigger_engine.input_stream_waits (run_id, stream_id, waitpoint_id) VALUES ($1, $2, $3)
     ON CONFLICT (run_id, stream_id) DO UPDATE SET waitpoint_id = EXCLUDED.waitpoint_id`,
    [run.id, streamId, waitpointId],
  );
  if (!checkStored) return;
  const after = lastSeqNum !== undefined && Number.isInteger(lastSeqNum) ? lastSeqNum : -1;
  const [next] = await readChunks(pool, run.id, inputStreamKey(streamId), after, 1);
  if (next) await completeLinkedWait(pool, run.id, streamId, JSON.parse(next.data) as string, now);
}

/**
 * Completes the waitpoint linked to (run, stream) with a record, then drops the link. The link is
 * read first and dropped after, so a completion that fails leaves it for the next record. Two
 * records at once: the first completes the wait, the second stays in the stream for the tail.
 */
async function completeLinkedWait(
  pool: pg.Pool,
  runId: string,
  streamId: string,
  record: string,
  now: Date,
): Promise<boolean> {
  const linked = await pool.query<{ waitpoint_id: string }>(
    "SELECT waitpoint_id FROM trigger_engine.input_stream_waits WHERE run_id = $1 AND stream_id = $2",
    [runId, streamId],
  );
  const waitpointId = linked.rows[0]?.waitpoint_id;
  if (!waitpointId) return false;
  const outcome = await completeToken(pool, waitpointId, now, { data: record, type: "application/json" });
  await pool.query(
    "DELETE FROM trigger_engine.input_stream_waits WHERE run_id = $1 AND stream_id = $2 AND waitpoint_id = $3",
    [runId, streamId, waitpointId],
  );
  return outcome === "completed";
}
