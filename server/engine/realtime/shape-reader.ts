import { performance } from "node:perf_hooks";
import type { ShapeTarget } from "./shape-request.js";
import type { RealtimeRunRow, RealtimeRunSource } from "./types.js";

/** Cap on a tag shape; upstream bounds it by the createdAt window only, we also bound memory. */
const TAG_SHAPE_LIMIT = 1000;

function maxSeq(a: bigint, b: bigint): bigint {
  if (a > b) return a;
  return b;
}

function toBigInt(seq: bigint | number): bigint {
  return typeof seq === "bigint" ? seq : BigInt(seq);
}

export interface ShapeContext {
  source: RealtimeRunSource;
  target: ShapeTarget;
  createdAfter: Date | null;
}

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

/** Authorizes the request; for a run, the row is read first because tag scopes can grant it. */
export interface PollResult {
  rows: RealtimeRunRow[];
  seq: bigint;
}

/**
 * Holds a live request until a row of this shape changes past `offset`. Changes to other runs
 * wake us too; we then re-check and keep waiting from the newer sequence.
 */
export async function pollForChange(
  ctx: ShapeContext,
  offset: bigint,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PollResult> {
  const deadline = performance.now() + timeoutMs;
  let seen = offset;
  for (;;) {
    const current = await ctx.source.currentSeq();
    if (current > seen) {
      const rows = (await loadRows(ctx)).filter((r) => toBigInt(r.seq) > offset);
      if (rows.length > 0) return { rows, seq: current };
      seen = current;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0 || signal.aborted) return { rows: [], seq: seen };
    await ctx.source.waitForChange(seen, signal, remaining);
  }
}

export async function snapshot(ctx: ShapeContext, offset: bigint | null): Promise<PollResult> {
  // Sequence first, rows second: a write racing the read is then re-sent, never lost.
  const seq = await ctx.source.currentSeq();
  const rows = await loadRows(ctx);
  if (offset === null) return { rows, seq };
  const after = offset;
  return { rows: rows.filter((r) => toBigInt(r.seq) > after), seq: maxSeq(seq, after) };
}
