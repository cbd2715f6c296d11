import { performance } from "node:perf_hooks";
import type { ShapeTarget } from "./shape-request.js";
import type { RealtimeRunRow, RealtimeRunSource } from "./types.js";

/** Cap on a tag shape; upstream bounds it by the createdAt window only, we also bound memory. */
const TAG_SHAPE_LIMIT = 1000;

function maxSeq(a: bigint, b: bigint): bigint {
  if (a > b) return a;
  return b;
}

export interface ShapeContext {
  source: RealtimeRunSource;
  target: ShapeTarget;
  createdAfter: Date | null;
}

/** Whether the client still has to be sent this row. */
export type RowFilter = (row: RealtimeRunRow) => boolean;

async function loadRows({ source, target, createdAfter }: ShapeContext): Promise<RealtimeRunRow[]> {
  switch (target.kind) {
    case "run": {
      const row = await source.getRun(target.runId);
      return row ? [row] : [];
    }
    case "tags":
      return source.listRunsByTags(target.tags, createdAfter ?? undefined, TAG_SHAPE_LIMIT);
    case "batch":
      return source.listRunsByBatch ? source.listRunsByBatch(target.batchId) : [];
  }
}

export interface ReadResult {
  /** Rows to send. */
  rows: RealtimeRunRow[];
  /** Every row of the shape as last read (what the client holds after this response). */
  all: RealtimeRunRow[];
  /** The offset to hand back. */
  seq: bigint;
}

/**
 * Holds a live request until a row of this shape needs sending. The shape is re-read on entry,
 * whenever any run changes, and once more at the deadline, so a late commit is found at the
 * latest one long-poll later even if no newer change wakes us.
 */
export async function pollForChange(
  ctx: ShapeContext,
  offset: bigint,
  pending: RowFilter,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ReadResult> {
  const deadline = performance.now() + timeoutMs;
  let seen = offset;
  for (;;) {
    const current = maxSeq(await ctx.source.currentSeq(), offset);
    const all = await loadRows(ctx);
    const rows = all.filter(pending);
    seen = current;
    const remaining = deadline - performance.now();
    if (rows.length > 0 || remaining <= 0 || signal.aborted) return { rows, all, seq: seen };
    await ctx.source.waitForChange(seen, signal, remaining);
  }
}

export async function snapshot(
  ctx: ShapeContext,
  offset: bigint | null,
  pending: RowFilter,
): Promise<ReadResult> {
  // Sequence first, rows second: a write racing the read is then re-sent, never lost.
  const seq = await ctx.source.currentSeq();
  const all = await loadRows(ctx);
  return { rows: all.filter(pending), all, seq: offset === null ? seq : maxSeq(seq, offset) };
}
