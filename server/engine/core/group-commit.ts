import type pg from "pg";

// Group commit: items submitted while a write is on the wire gather behind it and go out together
// in the next one, so a batch grows with the load and an idle engine writes at once. Used for
// runs' final states (final-batch.ts) and plain triggers (trigger-batch.ts), one writer per pool.

/** Writes a batch; answers one result per item, in order (an Error rejects that item alone). */
export type BatchWrite<T, R> = (pool: pg.Pool, items: T[]) => Promise<Array<R | Error>>;

class GroupCommit<T, R> {
  private queue: Array<{ item: T; resolve(r: R): void; reject(err: Error): void }> = [];
  private writing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxBatch: number,
    private readonly write: BatchWrite<T, R>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let results: Array<R | Error>;
        try {
          results = await this.write(
            this.pool,
            batch.map((p) => p.item),
          );
        } catch (err) {
          results = batch.map(() => (err instanceof Error ? err : new Error(String(err))));
        }
        batch.forEach((p, i) => {
          const r = results[i] ?? new Error("engine: a group write gave no result for an item");
          if (r instanceof Error) p.reject(r);
          else p.resolve(r);
        });
      }
    } finally {
      this.writing = false;
    }
  }
}

/** One group writer per pool for `write`: `submit(pool, item)` resolves with the item's result. */
export function groupCommit<T, R>(
  maxBatch: number,
  write: BatchWrite<T, R>,
): (pool: pg.Pool, item: T) => Promise<R> {
  const writers = new WeakMap<pg.Pool, GroupCommit<T, R>>();
  return (pool, item) => {
    let w = writers.get(pool);
    if (!w) {
      w = new GroupCommit(pool, maxBatch, write);
      writers.set(pool, w);
    }
    return w.submit(item);
  };
}
