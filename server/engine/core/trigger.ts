import type { TriggerTaskRequestBody } from "@trigger.dev/core/v3";
import type pg from "pg";
import type { z } from "zod";
import { type EngineCore, EngineHttpError, type ExecutionRef, journaled, journalKind } from "./core.js";
import { getRunByFriendlyId, type RunRow } from "./db.js";
import { debounce } from "./debounce.js";
import { friendlyRunId, newWaitpointId, parsePeriodMs, randomId, resolveDate } from "./ids.js";

type TriggerBody = z.infer<typeof TriggerTaskRequestBody>;
type Options = NonNullable<TriggerBody["options"]>;

export interface TriggerInput {
  taskId: string;
  payload: unknown;
  options: Options;
  caller?: ExecutionRef;
  batch?: { id: string; index: number; parentRunId?: string; resumeParent: boolean };
  /** Set by debounce for a new debounced run. */
  debounceKey?: string;
}

const DEFAULT_IDEMPOTENCY_TTL_MS = 30 * 24 * 3600 * 1000;

function triggerFunction(input: TriggerInput): RunRow["trigger_function"] {
  if (input.batch) return input.batch.resumeParent ? "batchTriggerAndWait" : "batchTrigger";
  return input.options.resumeParentOnCompletion ? "triggerAndWait" : "trigger";
}

/** Returns the live run holding this idempotency key, clearing the key if it has expired. */
async function findIdempotent(
  c: pg.PoolClient,
  taskId: string,
  key: string,
  now: Date,
): Promise<RunRow | undefined> {
  const res = await c.query<RunRow>(
    "SELECT * FROM trigger_engine.runs WHERE task_identifier = $1 AND idempotency_key = $2 FOR UPDATE",
    [taskId, key],
  );
  const run = res.rows[0];
  if (!run) return undefined;
  if (run.idempotency_key_expires_at && run.idempotency_key_expires_at <= now) {
    await c.query("UPDATE trigger_engine.runs SET idempotency_key = NULL, updated_at = $2 WHERE id = $1", [
      run.id,
      now,
    ]);
    return undefined;
  }
  return run;
}

function normalizeMetadata(o: Options): Record<string, unknown> | null {
  if (o.metadata === undefined || o.metadata === null) return null;
  if (typeof o.metadata === "string") {
    try {
      return JSON.parse(o.metadata) as Record<string, unknown>;
    } catch {
      throw new EngineHttpError(400, "metadata must be JSON");
    }
  }
  if (typeof o.metadata !== "object") throw new EngineHttpError(400, "metadata must be an object");
  return o.metadata as Record<string, unknown>;
}

/**
 * Inserts a run; when a concurrent trigger took the same idempotency key first (the unique index),
 * returns that run instead (`created: false`) rather than failing the request.
 */
export async function insertRun(
  core: EngineCore,
  c: pg.PoolClient,
  input: TriggerInput,
): Promise<{ run: RunRow; created: boolean }> {
  const task = core.project.tasks.get(input.taskId);
  if (!task) throw new EngineHttpError(404, `Task not found: ${input.taskId}`);
  const o = input.options;
  const now = core.clock.now();
  const parentId = input.batch?.parentRunId ?? o.parentRunId;
  const parent = parentId ? await getRunByFriendlyId(c, parentId) : undefined;
  const delayUntil = resolveDate(o.delay as string | Date | undefined, now.getTime());
  // Trigger option, else the task's `ttl`, else trigger.config.ts; 0 (or "0s") means none.
  const ttl = o.ttl ?? task.ttl ?? core.project.config.ttl;
  const ttlMs = typeof ttl === "number" ? ttl * 1000 : ttl ? parsePeriodMs(ttl) : undefined;
  const keyTtlMs = (o.idempotencyKeyTTL && parsePeriodMs(o.idempotencyKeyTTL)) || DEFAULT_IDEMPOTENCY_TTL_MS;
  const tags = o.tags === undefined ? [] : Array.isArray(o.tags) ? o.tags : [o.tags];
  const id = randomId();
  const delayed = delayUntil && delayUntil > now;
  const res = await c.query<RunRow>({
    name: "engine_insert_run",
    text: `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, payload, payload_type, metadata, tags,
       idempotency_key, idempotency_key_user, idempotency_key_scope, idempotency_key_expires_at, queue, concurrency_key,
       priority_ms, delay_until, ttl, expires_at, available_at, max_attempts, max_duration_s, parent_run_id, root_run_id,
       depth, resume_parent_on_completion, trigger_function, batch_id, batch_index, is_test, created_at, updated_at,
       debounce_key)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$30,$31)
     ON CONFLICT (task_identifier, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING *`,
    values: [
      id,
      friendlyRunId(id),
      input.taskId,
      delayed ? "DELAYED" : "PENDING",
      typeof input.payload === "string"
        ? input.payload
        : input.payload === undefined
          ? null
          : JSON.stringify(input.payload),
      o.payloadType ?? "application/json",
      normalizeMetadata(o),
      tags,
      o.idempotencyKey ?? null,
      o.idempotencyKeyOptions?.key ?? null,
      o.idempotencyKeyOptions?.scope ?? null,
      o.idempotencyKey ? new Date(now.getTime() + keyTtlMs) : null,
      o.queue?.name ?? task.queueName,
      o.concurrencyKey ?? null,
      Math.round((o.priority ?? 0) * 1000),
      delayed ? delayUntil : null,
      ttlMs ? (typeof ttl === "number" ? `${ttl}s` : ttl) : null,
      ttlMs ? new Date((delayed ? delayUntil.getTime() : now.getTime()) + ttlMs) : null,
      delayed ? delayUntil : now,
      o.maxAttempts ?? null,
      o.maxDuration ?? task.maxDuration ?? core.project.config.maxDuration ?? null,
      parent?.friendly_id ?? null,
      parent ? (parent.root_run_id ?? parent.friendly_id) : null,
      parent ? parent.depth + 1 : 0,
      input.batch ? input.batch.resumeParent : (o.resumeParentOnCompletion ?? false),
      triggerFunction(input),
      input.batch?.id ?? null,
      input.batch?.index ?? null,
      o.test ?? false,
      now,
      input.debounceKey ?? null,
    ],
  });
  const run = res.rows[0];
  if (!run) {
    const taken = await c.query<RunRow>(
      "SELECT * FROM trigger_engine.runs WHERE task_identifier = $1 AND idempotency_key = $2",
      [input.taskId, o.idempotencyKey],
    );
    if (!taken.rows[0]) throw new EngineHttpError(409, "Idempotency key conflict, try again");
    return { run: taken.rows[0], created: false };
  }
  if (run.resume_parent_on_completion && parent && !input.batch) {
    await c.query(
      "INSERT INTO trigger_engine.waitpoints (id, type, completed_by_run_id, created_at) VALUES ($1, 'RUN', $2, $3)",
      [newWaitpointId(), run.friendly_id, now],
    );
  }
  return { run, created: true };
}

/**
 * A trigger from outside any run with no idempotency key, debounce, parent or batch: `triggerTask`
 * then makes exactly one statement (the INSERT), so it needs no transaction.
 */
export function isPlainTrigger(input: TriggerInput): boolean {
  const o = input.options;
  return !input.caller && !input.batch && !o.idempotencyKey && !o.debounce && !o.parentRunId;
}

/** tasks.trigger / task.trigger / triggerAndWait. */
export async function triggerTask(
  core: EngineCore,
  c: pg.PoolClient,
  input: TriggerInput,
): Promise<{ id: string; isCached: boolean }> {
  if (!core.project.tasks.has(input.taskId))
    throw new EngineHttpError(404, `Task not found: ${input.taskId}`);
  const key = input.options.idempotencyKey;
  let cached = false;
  const callerRunId = input.caller?.runId;
  // The idempotency lookup sits inside the journaled step so a replay gets the same run back.
  const { value } = await journaled(c, input.caller, callerRunId, journalKind("trigger", key), async () => {
    const existing = key ? await findIdempotent(c, input.taskId, key, core.clock.now()) : undefined;
    if (existing) {
      cached = true;
      return existing.friendly_id;
    }
    const d = await debounce(core, c, input);
    if (d.existingId) return d.existingId;
    const { run, created } = await insertRun(
      core,
      c,
      d.key ? { ...input, options: { ...input.options, delay: d.delayUntil }, debounceKey: d.key } : input,
    );
    cached = !created;
    return run.friendly_id;
  });
  return { id: value, isCached: cached };
}
