import type { TriggerTaskRequestBody } from "@trigger.dev/core/v3";
import type pg from "pg";
import type { z } from "zod";
import { runLimits } from "./concurrency.js";
import {
  type EngineCore,
  EngineHttpError,
  type ExecutionRef,
  type JournalSlot,
  journaled,
  journalKind,
  tryJournaledInsert,
} from "./core.js";
import { getRunByFriendlyId, inTx, payloadText, type Queryable, type RunRow } from "./db.js";
import { debounce } from "./debounce.js";
import { friendlyRunId, newWaitpointId, parsePeriodMs, randomId, resolveDate } from "./ids.js";
import type { TaskInfo } from "./loader.js";
import { insertRunGrouped, insertRunsSql, mayLeaseInInsert, SKIP_TAKEN_KEY } from "./trigger-batch.js";

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

/** The project's task of this id; an unknown id is the caller's 404. */
export function taskOf(core: EngineCore, taskId: string): TaskInfo {
  const task = core.project.tasks.get(taskId);
  if (!task) throw new EngineHttpError(404, `Task not found: ${taskId}`);
  return task;
}

/** What a new run takes from its parent: its id, its root and its depth. */
type ParentRef = Pick<RunRow, "friendly_id" | "root_run_id" | "depth">;

/**
 * The parent of a run being triggered. A run triggering from its own attempt (what the SDK sends
 * from task code: `parentRunId` is the caller) is placed from what the attempt holds, without
 * reading the run again; any other parent is read.
 */
async function parentOf(c: Queryable, parentId: string | undefined, caller: ExecutionRef | undefined) {
  if (!parentId) return undefined;
  if (caller && caller.runFriendlyId === parentId)
    return { friendly_id: parentId, root_run_id: caller.lineage.rootRunId, depth: caller.lineage.depth };
  return getRunByFriendlyId(c, parentId);
}

/** A new run's values in `RUN_COLUMNS` order (trigger-batch.ts). */
function newRunValues(
  core: EngineCore,
  task: TaskInfo,
  input: TriggerInput,
  parent: ParentRef | undefined,
  now: Date,
): unknown[] {
  const o = input.options;
  // Raw gates are the server's own form of named limits (the SDK sends limit names instead): refused
  // rather than ignored, so no run runs unbounded that was meant to be bounded.
  if (o.gates?.length)
    throw new EngineHttpError(
      400,
      "gates are not supported by the embedded engine; name limits with concurrency",
    );
  const delayUntil = resolveDate(o.delay as string | Date | undefined, now.getTime());
  // Trigger option, else the task's `ttl`, else trigger.config.ts; 0 (or "0s") means none.
  const ttl = o.ttl ?? task.ttl ?? core.project.config.ttl;
  const ttlMs = typeof ttl === "number" ? ttl * 1000 : ttl ? parsePeriodMs(ttl) : undefined;
  const keyTtlMs = (o.idempotencyKeyTTL && parsePeriodMs(o.idempotencyKeyTTL)) || DEFAULT_IDEMPOTENCY_TTL_MS;
  const tags = o.tags === undefined ? [] : Array.isArray(o.tags) ? o.tags : [o.tags];
  const id = randomId();
  const delayed = delayUntil && delayUntil > now;
  return [
    id,
    friendlyRunId(id),
    input.taskId,
    delayed ? "DELAYED" : "PENDING",
    payloadText(input.payload),
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
    now,
    input.debounceKey ?? null,
    runLimits(core.project.concurrencyLimits, task, o.concurrency),
  ];
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
  const task = taskOf(core, input.taskId);
  const parent = await parentOf(c, input.batch?.parentRunId ?? input.options.parentRunId, input.caller);
  const now = core.clock.now();
  const res = await c.query<RunRow>({
    name: "engine_insert_run",
    text: insertRunsSql(1, `${SKIP_TAKEN_KEY} RETURNING *`),
    values: newRunValues(core, task, input, parent, now),
  });
  const run = res.rows[0];
  if (!run) {
    const taken = await c.query<RunRow>(
      "SELECT * FROM trigger_engine.runs WHERE task_identifier = $1 AND idempotency_key = $2",
      [input.taskId, input.options.idempotencyKey],
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

/** Rows per statement when a batch's items are inserted together (33 parameters each). */
const BATCH_INSERT_ROWS = 250;

/**
 * A batch's new items (all with the same `batch`), set-based: the parent is read once and the runs
 * go in multi-row INSERTs. An item whose own idempotency key a run already holds (live: an expired
 * key is released first, as a single trigger releases it) gets no run of its own: that run stands
 * for it (`batch_items`; on Trigger.dev, the cached run), and the batch counts, lists and waits for
 * it as for its own. Returns how many items were stored (new runs and stand-ins).
 */
export async function insertBatchRuns(
  core: EngineCore,
  c: pg.PoolClient,
  batchId: string,
  inputs: TriggerInput[],
): Promise<number> {
  const tasks = inputs.map((input) => taskOf(core, input.taskId));
  const parent = await parentOf(c, inputs[0]?.batch?.parentRunId, inputs[0]?.caller);
  const now = core.clock.now();
  const keyed = inputs.filter((i) => i.options.idempotencyKey);
  if (keyed.length > 0) {
    await c.query(
      `UPDATE trigger_engine.runs r SET idempotency_key = NULL, updated_at = $3
       FROM unnest($1::text[], $2::text[]) AS k(task, key)
       WHERE r.task_identifier = k.task AND r.idempotency_key = k.key AND r.idempotency_key_expires_at <= $3`,
      [keyed.map((i) => i.taskId), keyed.map((i) => i.options.idempotencyKey), now],
    );
  }
  for (let i = 0; i < inputs.length; i += BATCH_INSERT_ROWS) {
    const rows = inputs
      .slice(i, i + BATCH_INSERT_ROWS)
      .map((input, j) => newRunValues(core, tasks[i + j]!, input, parent, now));
    await c.query(insertRunsSql(rows.length, SKIP_TAKEN_KEY), rows.flat());
  }
  if (keyed.length === 0) return inputs.length;
  // The keyed items left without a run of their own (ON CONFLICT: held before, or by an earlier item
  // of this same stream) are stood in for by the run holding their key.
  const standIns = await c.query<{ index: number; run_id: string | null }>(
    `SELECT k.idx AS index, h.friendly_id AS run_id
     FROM unnest($2::int[], $3::text[], $4::text[]) AS k(idx, task, key)
     LEFT JOIN trigger_engine.runs h ON h.task_identifier = k.task AND h.idempotency_key = k.key
     WHERE NOT EXISTS (SELECT 1 FROM trigger_engine.runs o WHERE o.batch_id = $1 AND o.batch_index = k.idx)`,
    [
      batchId,
      keyed.map((i) => i.batch?.index ?? 0),
      keyed.map((i) => i.taskId),
      keyed.map((i) => i.options.idempotencyKey),
    ],
  );
  if (standIns.rows.some((r) => r.run_id === null))
    throw new EngineHttpError(409, "Idempotency key conflict, try again");
  if (standIns.rows.length > 0) {
    await c.query(
      `INSERT INTO trigger_engine.batch_items (batch_id, batch_index, run_id)
       SELECT $1, idx, run FROM unnest($2::int[], $3::text[]) AS s(idx, run) ON CONFLICT DO NOTHING`,
      [batchId, standIns.rows.map((r) => r.index), standIns.rows.map((r) => r.run_id)],
    );
  }
  return inputs.length;
}

/**
 * A trigger from outside any run with no idempotency key, debounce, parent or batch: `triggerTask`
 * then makes exactly one statement (the INSERT), so it needs no transaction.
 */
export function isPlainTrigger(input: TriggerInput): boolean {
  const o = input.options;
  return !input.caller && !input.batch && !o.idempotencyKey && !o.debounce && !o.parentRunId;
}

/**
 * A plain trigger (`isPlainTrigger`): validated here (an unknown task or bad metadata fails this
 * request alone), then written in the next group insert with the triggers arriving beside it;
 * `leased` when that insert also leased it to this process's idle dequeue loop (trigger-batch.ts).
 */
export async function triggerPlain(
  core: EngineCore,
  input: TriggerInput,
): Promise<{ id: string; isCached: false; leased: boolean }> {
  const task = taskOf(core, input.taskId);
  const values = newRunValues(core, task, input, undefined, core.clock.now());
  const lease = mayLeaseInInsert(values, core.queues) ? core.directLease : undefined;
  const run = await insertRunGrouped(core.pool, { values, ...(lease ? { lease } : {}) });
  return { id: run.friendly_id, isCached: false, leased: run.status === "EXECUTING" };
}

/**
 * A trigger from outside any run whose only extra is an idempotency key (what a backend's keyed
 * `tasks.trigger` sends): `triggerKeyedNew` can try it without a transaction.
 */
export function isKeyedOnlyTrigger(input: TriggerInput): boolean {
  const o = input.options;
  return !input.caller && !input.batch && !!o.idempotencyKey && !o.debounce && !o.parentRunId;
}

/**
 * A keyed-only trigger (`isKeyedOnlyTrigger`) whose key no run holds yet: the INSERT alone, one
 * statement instead of BEGIN, the key's lookup, the INSERT and COMMIT. Undefined when a run holds
 * the key (live, or expired and to be released): `triggerTask` then settles it in a transaction.
 */
export async function triggerKeyedNew(
  core: EngineCore,
  input: TriggerInput,
): Promise<{ id: string; isCached: false } | undefined> {
  const task = taskOf(core, input.taskId);
  const res = await core.pool.query<{ friendly_id: string }>({
    name: "engine_insert_keyed_run",
    text: insertRunsSql(1, `${SKIP_TAKEN_KEY} RETURNING friendly_id`),
    values: newRunValues(core, task, input, undefined, core.clock.now()),
  });
  const run = res.rows[0];
  return run ? { id: run.friendly_id, isCached: false } : undefined;
}

/**
 * A trigger from task code (the caller is a run's attempt) with no debounce or batch, whose parent,
 * if any, is the calling run (a `triggerAndWait` names it): `triggerFromAttempt` writes the run and
 * its journal entry in one statement.
 */
export function isAttemptTrigger(input: TriggerInput): input is TriggerInput & { caller: ExecutionRef } {
  const o = input.options;
  return (
    !!input.caller &&
    !input.batch &&
    !o.debounce &&
    (!o.parentRunId || o.parentRunId === input.caller.runFriendlyId) &&
    (!o.resumeParentOnCompletion || !!o.parentRunId)
  );
}

/**
 * An attempt's trigger (`isAttemptTrigger`): the new run and the attempt's journal entry for it in
 * ONE statement, no transaction, where `triggerTask` takes BEGIN, the key's lookup, the INSERT, the
 * journal's INSERT and COMMIT. For a `triggerAndWait`, the child's RUN waitpoint is written by the
 * same statement and noted for the attempt's wait that follows (`ExecutionRef.childWaits`). A
 * replayed call answers from the journal. When a run holds the key (live, or expired and to be
 * released), nothing is written and `triggerTask` settles it in a transaction in the same journal
 * slot.
 */
export async function triggerFromAttempt(
  core: EngineCore,
  input: TriggerInput & { caller: ExecutionRef },
): Promise<{ id: string; isCached: boolean }> {
  const task = taskOf(core, input.taskId);
  const exec = input.caller;
  // The parent is the calling run (`isAttemptTrigger`): placed from the attempt, no read.
  const parent = await parentOf(core.pool, input.options.parentRunId, exec);
  const kind = journalKind("trigger", input.options.idempotencyKey);
  const now = core.clock.now();
  const waitpointId = input.options.resumeParentOnCompletion ? newWaitpointId() : undefined;
  const first = await tryJournaledInsert<{ id: string; made: boolean }>(
    core.pool,
    exec,
    exec.runId,
    kind,
    {
      text: insertRunsSql(1, `${SKIP_TAKEN_KEY} RETURNING friendly_id AS id, true AS made`),
      values: newRunValues(core, task, input, parent, now),
    },
    // A replay's answer is the run it triggered before: its friendly id is the journaled result.
    async (id) => ({ id, made: false }),
    waitpointId
      ? {
          cte: (p) => `INSERT INTO trigger_engine.waitpoints (id, type, completed_by_run_id, created_at)
            SELECT $${p}, 'RUN', id, $${p + 1} FROM made`,
          values: [waitpointId, now],
        }
      : undefined,
  );
  if (first.row) {
    if (waitpointId && first.row.made) {
      exec.childWaits ??= new Map();
      exec.childWaits.set(first.row.id, waitpointId);
    }
    return { id: first.row.id, isCached: false };
  }
  return inTx(core.pool, (c) => triggerTask(core, c, input, first.slot));
}

/**
 * One trigger request, by its shortest path: a plain trigger is one row in a group INSERT with the
 * triggers arriving beside it, no transaction (`leased` when that insert leased it); a keyed one
 * from outside a run is its own INSERT while nothing holds the key; one from task code is its own
 * INSERT with its journal entry; anything else, or a held key, is settled in a transaction.
 */
export async function triggerOne(
  core: EngineCore,
  input: TriggerInput,
): Promise<{ id: string; isCached: boolean; leased: boolean }> {
  if (isPlainTrigger(input)) return triggerPlain(core, input);
  if (isAttemptTrigger(input)) return { ...(await triggerFromAttempt(core, input)), leased: false };
  const keyed = isKeyedOnlyTrigger(input) ? await triggerKeyedNew(core, input) : undefined;
  return { ...(keyed ?? (await inTx(core.pool, (c) => triggerTask(core, c, input)))), leased: false };
}

/**
 * tasks.trigger / task.trigger / triggerAndWait. `slot`: the journal slot an attempt's first try
 * (`triggerFromAttempt`) took.
 */
export async function triggerTask(
  core: EngineCore,
  c: pg.PoolClient,
  input: TriggerInput,
  slot?: JournalSlot,
): Promise<{ id: string; isCached: boolean }> {
  taskOf(core, input.taskId);
  const key = input.options.idempotencyKey;
  let cached = false;
  const callerRunId = input.caller?.runId;
  // The idempotency lookup sits inside the journaled step so a replay gets the same run back.
  const { value } = await journaled(
    c,
    input.caller,
    callerRunId,
    journalKind("trigger", key),
    async () => {
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
    },
    slot,
  );
  return { id: value, isCached: cached };
}
