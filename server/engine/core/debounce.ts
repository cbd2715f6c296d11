import type pg from "pg";
import { type EngineCore, EngineHttpError } from "./core.js";
import { payloadText, type RunRow } from "./db.js";
import { parsePeriodMs } from "./ids.js";
import type { TriggerInput } from "./trigger.js";

export interface DebounceDecision {
  /** The delayed run that absorbed this trigger, if any. */
  existingId?: string;
  /** When a new run is created: it starts delayed until then and carries the key. */
  delayUntil?: Date;
  key?: string;
}

/**
 * `debounce: {key, delay, mode, maxDelay}` as Trigger.dev documents it: while a DELAYED run of the
 * same task holds the key, a trigger pushes that run back by `delay` instead of creating a run
 * ("leading" keeps the first trigger's data, "trailing" takes this trigger's payload, metadata,
 * tags, maxAttempts and maxDuration); once pushing would pass `maxDelay` from that run's creation,
 * or the run has started, a new run is created. Serialised per (task, key) by an advisory lock.
 */
export async function debounce(
  core: EngineCore,
  c: pg.PoolClient,
  input: TriggerInput,
): Promise<DebounceDecision> {
  const d = input.options.debounce;
  if (!d) return {};
  const delayMs = parsePeriodMs(d.delay);
  if (!delayMs || delayMs < 1000)
    throw new EngineHttpError(400, "debounce.delay must be a duration of at least 1s");
  const maxMs = d.maxDelay === undefined ? undefined : parsePeriodMs(d.maxDelay);
  if (d.maxDelay !== undefined && !maxMs)
    throw new EngineHttpError(400, "debounce.maxDelay must be a duration");
  if (d.key.length === 0 || d.key.length > 512)
    throw new EngineHttpError(400, "debounce.key must be 1-512 characters");
  await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`debounce:${input.taskId}:${d.key}`]);
  const now = core.clock.now();
  const until = new Date(now.getTime() + delayMs);
  const found = await c.query<RunRow>(
    `SELECT * FROM trigger_engine.runs WHERE task_identifier = $1 AND debounce_key = $2 AND status = 'DELAYED'
      ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    [input.taskId, d.key],
  );
  const run = found.rows[0];
  if (!run || (maxMs !== undefined && until.getTime() > run.created_at.getTime() + maxMs))
    return { delayUntil: until, key: d.key };
  const o = input.options;
  const trailing = d.mode === "trailing";
  const tags = o.tags === undefined ? null : Array.isArray(o.tags) ? o.tags : [o.tags];
  await c.query(
    `UPDATE trigger_engine.runs SET delay_until = $2::timestamptz, available_at = $2::timestamptz, updated_at = $3,
       expires_at = $2::timestamptz + (expires_at - coalesce(delay_until, created_at)),
       payload = CASE WHEN $4::bool THEN $5::text ELSE payload END,
       payload_type = CASE WHEN $4::bool THEN $6::text ELSE payload_type END,
       metadata = CASE WHEN $4 AND $7::jsonb IS NOT NULL THEN $7::jsonb ELSE metadata END,
       tags = CASE WHEN $4 AND $8::text[] IS NOT NULL THEN $8::text[] ELSE tags END,
       max_attempts = CASE WHEN $4 AND $9::int IS NOT NULL THEN $9::int ELSE max_attempts END,
       max_duration_s = CASE WHEN $4 AND $10::int IS NOT NULL THEN $10::int ELSE max_duration_s END
     WHERE id = $1`,
    [
      run.id,
      until,
      now,
      trailing,
      payloadText(input.payload),
      o.payloadType ?? "application/json",
      o.metadata === undefined
        ? null
        : typeof o.metadata === "string"
          ? o.metadata
          : JSON.stringify(o.metadata),
      tags,
      o.maxAttempts ?? null,
      o.maxDuration ?? null,
    ],
  );
  return { existingId: run.friendly_id };
}
