import type { RealtimeRunRow, RealtimeRunSource } from "./types.js";

export type RunInput = Omit<RealtimeRunRow, "seq">;

export interface MemoryRunSource extends RealtimeRunSource {
  /** Inserts or replaces a run, bumping the change sequence and waking long polls. */
  put(run: RunInput): RealtimeRunRow;
  /** Takes a seq now for a write made visible later: a transaction that commits after a newer one. */
  reserveSeq(): bigint;
  /** Makes a write visible with a seq reserved earlier; wakes nobody, as max(seq) did not move. */
  commitLate(run: RunInput, seq: bigint): RealtimeRunRow;
  /** Applies a partial update to an existing run (throws if unknown). */
  patch(friendlyId: string, changes: Partial<RunInput>): RealtimeRunRow;
  /** Number of `waitForChange` calls currently pending (lets tests wait for a held long poll). */
  pendingWaits(): number;
}

/**
 * An in-process RealtimeRunSource: the reference semantics the Postgres-backed source in the
 * engine core must match (global sequence, tag containment, wake-ups), used by the tests.
 */
export function createMemoryRunSource(): MemoryRunSource {
  const runs = new Map<string, RealtimeRunRow>();
  const waiters = new Set<() => void>();
  let seq = 0n;

  const store = (run: RunInput): RealtimeRunRow => {
    seq += 1n;
    const row: RealtimeRunRow = { ...run, seq };
    runs.set(row.friendlyId, row);
    for (const wake of [...waiters]) wake();
    return row;
  };

  return {
    put: store,
    reserveSeq() {
      seq += 1n;
      return seq;
    },
    commitLate(run, reserved) {
      const row: RealtimeRunRow = { ...run, seq: reserved };
      runs.set(row.friendlyId, row);
      return row;
    },
    patch(friendlyId, changes) {
      const current = runs.get(friendlyId);
      if (!current) throw new Error(`unknown run ${friendlyId}`);
      const { seq: _old, ...rest } = current;
      return store({ ...rest, ...changes });
    },
    pendingWaits: () => waiters.size,
    async getRun(friendlyId) {
      return runs.get(friendlyId) ?? null;
    },
    async listRunsByTags(tags, createdAfter, limit = 1000) {
      return [...runs.values()]
        .filter((r) => tags.every((t) => r.runTags.includes(t)))
        .filter((r) => !createdAfter || r.createdAt > createdAfter)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit);
    },
    async listRunsByBatch(batchFriendlyId) {
      return [...runs.values()].filter((r) => r.batchFriendlyId === batchFriendlyId);
    },
    async currentSeq() {
      return seq;
    },
    waitForChange(afterSeq, signal, timeoutMs) {
      if (seq > afterSeq || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(onChange);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const onChange = () => {
          if (seq > afterSeq) done();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(onChange);
        signal.addEventListener("abort", done, { once: true });
      });
    },
  };
}
