import type { RealtimeRunRow } from "./types.js";

/**
 * What each shape handle has been sent, as row id -> seq. The change sequence is assigned when a
 * row is written but becomes visible at commit, so a lower seq can appear after a higher one has
 * been served; comparing each row with what this handle already saw (instead of trusting "seq >
 * offset") means such a late commit is still delivered, and nothing is sent twice.
 * In-memory and bounded: a forgotten handle falls back to the offset comparison.
 */
export class DeliveryLog {
  readonly #shapes = new Map<string, Map<string, string>>();

  constructor(private readonly maxShapes = 5000) {}

  /** The rows this handle has seen, or undefined if unknown (never served, or evicted). */
  sent(handle: string | null): ReadonlyMap<string, string> | undefined {
    if (handle === null) return undefined;
    const rows = this.#shapes.get(handle);
    if (rows) {
      // Re-insert so Map order doubles as least-recently-used order.
      this.#shapes.delete(handle);
      this.#shapes.set(handle, rows);
    }
    return rows;
  }

  /** Records that the client now holds every row in `rows` at its current seq. */
  record(handle: string, rows: readonly RealtimeRunRow[], reset: boolean): void {
    const known = (!reset && this.#shapes.get(handle)) || new Map<string, string>();
    for (const row of rows) known.set(row.id, String(row.seq));
    this.#shapes.delete(handle);
    this.#shapes.set(handle, known);
    while (this.#shapes.size > this.maxShapes) {
      const oldest = this.#shapes.keys().next().value;
      if (oldest === undefined) break;
      this.#shapes.delete(oldest);
    }
  }
}
