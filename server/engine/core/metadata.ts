import { applyMetadataOperations, type RunMetadataChangeOperation } from "@trigger.dev/core/v3";
import type pg from "pg";
import { inTx } from "./db.js";

export interface MetadataUpdate {
  metadata?: Record<string, unknown>;
  operations?: RunMetadataChangeOperation[];
  parentOperations?: RunMetadataChangeOperation[];
  rootOperations?: RunMetadataChangeOperation[];
}

/** A run's row as the caller already holds it, locked FOR UPDATE in the same transaction. */
export interface LockedRunRow {
  parent_run_id: string | null;
  root_run_id: string | null;
  metadata: Record<string, unknown> | null;
}

/** A run's metadata after a flush: the replacement if any, else what is stored, then the operations. */
function nextMetadata(
  stored: Record<string, unknown> | null,
  ops: RunMetadataChangeOperation[],
  replace: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const base = replace ?? stored ?? {};
  return ops.length > 0 ? (applyMetadataOperations(base, ops).newMetadata as Record<string, unknown>) : base;
}

async function applyTo(
  c: pg.PoolClient,
  friendlyId: string,
  ops: RunMetadataChangeOperation[],
  replace: Record<string, unknown> | undefined,
  now: Date,
  locked?: LockedRunRow,
): Promise<Record<string, unknown> | undefined> {
  const current =
    locked ??
    (
      await c.query<{ metadata: Record<string, unknown> | null }>(
        "SELECT metadata FROM trigger_engine.runs WHERE friendly_id = $1 FOR UPDATE",
        [friendlyId],
      )
    ).rows[0];
  if (!current) return undefined;
  const next = nextMetadata(current.metadata, ops, replace);
  await c.query("UPDATE trigger_engine.runs SET metadata = $2, updated_at = $3 WHERE friendly_id = $1", [
    friendlyId,
    next,
    now,
  ]);
  return next;
}

/** Applies a flush (own, parent and root operations) and returns the run's full merged metadata. */
export async function updateRunMetadata(
  c: pg.PoolClient,
  friendlyId: string,
  update: MetadataUpdate,
  now: Date,
  locked?: LockedRunRow,
): Promise<Record<string, unknown> | undefined> {
  // One statement reads and locks the run: its own row first, then a parent's or root's, the order
  // a run's completion takes them in too (outcome.ts).
  const row =
    locked ??
    (
      await c.query<LockedRunRow>(
        "SELECT parent_run_id, root_run_id, metadata FROM trigger_engine.runs WHERE friendly_id = $1 FOR UPDATE",
        [friendlyId],
      )
    ).rows[0];
  if (!row) return undefined;
  // The SDK already redirects parent/root operations of a root run to itself (runIdIsRoot).
  if (row.parent_run_id && update.parentOperations?.length)
    await applyTo(c, row.parent_run_id, update.parentOperations, undefined, now);
  if (row.root_run_id && update.rootOperations?.length)
    await applyTo(c, row.root_run_id, update.rootOperations, undefined, now);
  return applyTo(c, friendlyId, update.operations ?? [], update.metadata, now, row);
}

/**
 * A flush from the SDK (`PUT /api/v1/runs/:id/metadata`). When it carries only the run's own
 * operations (what the SDK sends unless the task writes to its parent's or root's metadata), no
 * transaction: the metadata is read, the operations applied, and the result written only if the
 * stored metadata is still what was read (2 statements instead of BEGIN, SELECT FOR UPDATE, UPDATE,
 * COMMIT). Another writer in between (a completion, a concurrent flush) makes the write match no
 * row; the flush is then done again with the row locked, as is any flush touching a parent or root.
 * Returns the run's metadata after the flush, or undefined when there is no such run.
 */
export async function flushRunMetadata(
  pool: pg.Pool,
  friendlyId: string,
  update: MetadataUpdate,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  const sets = topLevelSets(update);
  if (sets) {
    const merged = await pool.query<{ metadata: Record<string, unknown> }>(
      `UPDATE trigger_engine.runs SET metadata = ${mergeTopLevelSets("$2")}, updated_at = $3
        WHERE friendly_id = $1 RETURNING metadata`,
      [friendlyId, JSON.stringify(sets), now],
    );
    return merged.rows[0]?.metadata;
  }
  if (!update.parentOperations?.length && !update.rootOperations?.length) {
    const read = await pool.query<{ metadata: Record<string, unknown> | null }>(
      "SELECT metadata FROM trigger_engine.runs WHERE friendly_id = $1",
      [friendlyId],
    );
    const stored = read.rows[0];
    if (!stored) return undefined;
    const next = nextMetadata(stored.metadata, update.operations ?? [], update.metadata);
    const written = await pool.query(
      `UPDATE trigger_engine.runs SET metadata = $2, updated_at = $3
        WHERE friendly_id = $1 AND metadata IS NOT DISTINCT FROM $4::jsonb`,
      [friendlyId, next, now, stored.metadata === null ? null : JSON.stringify(stored.metadata)],
    );
    if (written.rowCount === 1) return next;
  }
  return inTx(pool, (c) => updateRunMetadata(c, friendlyId, update, now));
}

/**
 * SQL for a run's metadata with the top-level sets in the jsonb parameter `param` merged in
 * (`topLevelSets` below says why `||` is the SDK's own merge for them).
 */
export const mergeTopLevelSets = (param: string) => `coalesce(metadata, '{}'::jsonb) || ${param}::jsonb`;

/**
 * The flush as one object of top-level keys, when all it does is set such keys on the run's own
 * metadata (what most tasks' `metadata.set(...)` sends): Postgres merges it into the stored object
 * (`||` replaces top-level keys, as `applyMetadataOperations` does for a plain key), one statement
 * and no read. Anything else (a replacement, another operation, a `$.` path, `__proto__`, a set
 * without a value, parent or root operations) returns undefined and takes the general path.
 */
export function topLevelSets(update: MetadataUpdate): Record<string, unknown> | undefined {
  if (update.metadata !== undefined || update.parentOperations?.length || update.rootOperations?.length)
    return;
  const ops = update.operations ?? [];
  if (ops.length === 0) return;
  const sets: Record<string, unknown> = {};
  for (const op of ops) {
    if (op.type !== "set" || op.key.startsWith("$.") || op.key === "__proto__" || op.value === undefined)
      return;
    sets[op.key] = op.value;
  }
  return sets;
}
