import type pg from "pg";
import type { RealtimeRunRow, RealtimeRunSource, RealtimeRunStatus } from "../realtime/types.js";
import type { RunRow } from "./db.js";

function toRealtime(r: RunRow): RealtimeRunRow {
  return {
    id: r.id,
    friendlyId: r.friendly_id,
    taskIdentifier: r.task_identifier,
    status: r.status as RealtimeRunStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    delayUntil: r.delay_until,
    expiredAt: r.status === "EXPIRED" ? r.completed_at : null,
    idempotencyKey: r.idempotency_key_user,
    ttl: r.ttl,
    payload: r.payload,
    payloadType: r.payload_type,
    output: r.output,
    outputType: r.output_type,
    metadata: r.metadata ? JSON.stringify(r.metadata) : null,
    metadataType: r.metadata ? "application/json" : null,
    runTags: r.tags,
    error: (r.error as RealtimeRunRow["error"]) ?? null,
    isTest: r.is_test,
    number: r.number,
    usageDurationMs: 0,
    costInCents: 0,
    baseCostInCents: 0,
    batchFriendlyId: r.batch_id,
    realtimeStreams: r.realtime_streams ?? [],
    seq: BigInt(r.seq),
  };
}

/**
 * Realtime reads the runs table; every insert/update bumps `seq` and sends
 * `NOTIFY trigger_engine_runs '<friendlyId>:<seq>:<dequeuable>'` (a DB trigger), which wakes long polls here.
 */
export function createRealtimeSource(
  pool: pg.Pool,
  listen: (fn: (seq: bigint) => void) => () => void,
): RealtimeRunSource {
  let lastSeen = 0n;
  const unlistenAll = listen((seq) => {
    if (seq > lastSeen) lastSeen = seq;
  });
  void unlistenAll;
  return {
    async getRun(friendlyId) {
      const res = await pool.query<RunRow>("SELECT * FROM trigger_engine.runs WHERE friendly_id = $1", [
        friendlyId,
      ]);
      return res.rows[0] ? toRealtime(res.rows[0]) : null;
    },
    async listRunsByTags(tags, createdAfter, limit = 100) {
      const res = await pool.query<RunRow>(
        `SELECT * FROM trigger_engine.runs WHERE tags @> $1 AND ($2::timestamptz IS NULL OR created_at > $2)
         ORDER BY created_at DESC LIMIT $3`,
        [tags, createdAfter ?? null, limit],
      );
      return res.rows.map(toRealtime);
    },
    async listRunsByBatch(batchFriendlyId) {
      const res = await pool.query<RunRow>(
        "SELECT * FROM trigger_engine.runs WHERE batch_id = $1 ORDER BY batch_index",
        [batchFriendlyId],
      );
      return res.rows.map(toRealtime);
    },
    async currentSeq() {
      const res = await pool.query<{ s: string | null }>(
        "SELECT max(seq)::text AS s FROM trigger_engine.runs",
      );
      return BigInt(res.rows[0]?.s ?? "0");
    },
    async waitForChange(afterSeq, signal, timeoutMs) {
      const current = await this.currentSeq();
      if (current > afterSeq) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          unlisten();
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        const unlisten = listen((seq) => {
          if (seq > afterSeq) done();
        });
        signal.addEventListener("abort", done);
      });
    },
  };
}
