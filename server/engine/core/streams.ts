import type pg from "pg";

// Realtime streams (`streams.pipe/append`, `metadata.stream`, `streams.read`, `withStreams()`):
// chunks are rows in `stream_chunks`, numbered from 0 per (run, key) in the order the writer sent
// them. Readers follow a stream by polling after a wake-up: a chunk written in this process wakes
// them at once; one written by another engine process arrives as `NOTIFY trigger_engine_streams`.

/** Wake-ups for readers waiting on a run's stream (`<friendlyId>:<key>`) or on the run (`<friendlyId>`). */
export class StreamHub {
  private readonly waiters = new Map<string, Set<() => void>>();

  notify(topic: string): void {
    const set = this.waiters.get(topic);
    if (!set) return;
    this.waiters.delete(topic);
    for (const fn of set) fn();
  }

  /** Resolves on the first notify of any topic, after `timeoutMs`, or when `signal` aborts. */
  wait(topics: string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        for (const t of topics) this.waiters.get(t)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      for (const t of topics) {
        let set = this.waiters.get(t);
        if (!set) {
          set = new Set();
          this.waiters.set(t, set);
        }
        set.add(done);
      }
    });
  }
}

export interface StreamRun {
  id: string;
  friendly_id: string;
}

/** The SDK's `createStream` (PUT): remembers the key on the run, so subscribers learn of it. */
export async function registerStream(pool: pg.Pool, run: StreamRun, key: string): Promise<void> {
  await pool.query(
    `UPDATE trigger_engine.runs SET realtime_streams = array_append(realtime_streams, $2)
     WHERE id = $1 AND NOT ($2 = ANY(realtime_streams))`,
    [run.id, key],
  );
}

/**
 * Stores chunks `first, first+1, ...`; a chunk already stored under its index (a writer resuming
 * after a dropped connection re-sends from the server's last index) is kept as it was.
 */
export async function writeChunks(
  pool: pg.Pool,
  hub: StreamHub,
  run: StreamRun,
  key: string,
  first: number,
  chunks: string[],
): Promise<void> {
  if (chunks.length === 0) return;
  const idx = chunks.map((_, i) => first + i);
  await pool.query(
    `WITH ins AS (
       INSERT INTO trigger_engine.stream_chunks (run_id, key, idx, data)
       SELECT $1, $2, i, d FROM unnest($3::int[], $4::text[]) AS t(i, d)
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT pg_notify('trigger_engine_streams', $5) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM ins)`,
    [run.id, key, idx, chunks, `${run.friendly_id}:${key}`],
  );
  hub.notify(`${run.friendly_id}:${key}`);
}

/** `streams.append`: one chunk after the last, numbered under a per-(run, key) lock. */
export async function appendChunk(
  pool: pg.Pool,
  hub: StreamHub,
  run: StreamRun,
  key: string,
  data: string,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`stream:${run.id}:${key}`]);
    await client.query(
      `INSERT INTO trigger_engine.stream_chunks (run_id, key, idx, data)
       SELECT $1, $2, coalesce(max(idx), -1) + 1, $3 FROM trigger_engine.stream_chunks WHERE run_id = $1 AND key = $2`,
      [run.id, key, data],
    );
    await client.query("SELECT pg_notify('trigger_engine_streams', $1)", [`${run.friendly_id}:${key}`]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  hub.notify(`${run.friendly_id}:${key}`);
}

/** The index of the last chunk stored, -1 when none (the writer's resume probe). */
export async function lastChunkIndex(pool: pg.Pool, runId: string, key: string): Promise<number> {
  const res = await pool.query<{ m: number | null }>(
    "SELECT max(idx) AS m FROM trigger_engine.stream_chunks WHERE run_id = $1 AND key = $2",
    [runId, key],
  );
  return res.rows[0]?.m ?? -1;
}

export async function readChunks(
  pool: pg.Pool,
  runId: string,
  key: string,
  after: number,
  limit = 500,
): Promise<{ idx: number; data: string }[]> {
  const res = await pool.query<{ idx: number; data: string }>(
    `SELECT idx, data FROM trigger_engine.stream_chunks WHERE run_id = $1 AND key = $2 AND idx > $3
     ORDER BY idx LIMIT $4`,
    [runId, key, after, limit],
  );
  return res.rows;
}
