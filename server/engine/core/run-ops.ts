import type { ReplayRunRequestBody } from "@trigger.dev/core/v3";
import type { z } from "zod";
import type { EngineCore } from "./core.js";
import { inTx, isFinal, type RunRow } from "./db.js";
import { resolveDate } from "./ids.js";
import { finalizeRun } from "./outcome.js";
import { dropParked } from "./suspended.js";
import { insertRun } from "./trigger.js";

// What is done to runs from outside them, by one call (`runs.cancel`, `runs.replay`, `runs.list`)
// or by a bulk action over many (http/routes-bulk.ts): cancel, replay, and the filter that selects.

/** The version every run of this engine reports: one local process runs one version of the code. */
export const EMBEDDED_VERSION = "embedded";

/**
 * Cancels a run and its unfinished descendants. False when the run was already finished (or does
 * not exist): nothing was canceled. `cancelLocal` aborts an attempt executing in this process.
 */
export async function cancelRunTree(
  core: EngineCore,
  cancelLocal: (runInternalId: string) => void,
  friendlyId: string,
): Promise<boolean> {
  const now = core.clock.now();
  const canceled = await inTx(core.pool, async (c) => {
    const ids: string[] = [];
    const queue = [friendlyId];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const res = await c.query<RunRow>(
        "SELECT * FROM trigger_engine.runs WHERE friendly_id = $1 FOR UPDATE",
        [id],
      );
      const run = res.rows[0];
      if (!run || isFinal(run.status)) continue;
      await finalizeRun(c, run, "CANCELED", now, {
        error: { type: "INTERNAL_ERROR", code: "TASK_RUN_CANCELLED" },
      });
      ids.push(run.id);
      const kids = await c.query<{ friendly_id: string }>(
        "SELECT friendly_id FROM trigger_engine.runs WHERE parent_run_id = $1",
        [id],
      );
      queue.push(...kids.rows.map((k) => k.friendly_id));
    }
    return ids;
  });
  for (const id of canceled) {
    cancelLocal(id);
    dropParked(core, id);
  }
  core.wake();
  return canceled.length > 0;
}

export type ReplayBody = Partial<z.infer<typeof ReplayRunRequestBody>>;

/**
 * A new run of the run's task: the original's payload and options, each replaced by the one the
 * body gives (`runs.replay`). With an idempotency key a run already holds, that run.
 */
export async function replayRun(core: EngineCore, run: RunRow, b: ReplayBody): Promise<RunRow> {
  const created = await inTx(core.pool, (c) =>
    insertRun(core, c, {
      taskId: run.task_identifier,
      payload: b.payload !== undefined ? b.payload : run.payload,
      options: {
        payloadType: b.payload !== undefined ? (b.payloadType ?? "application/json") : run.payload_type,
        tags: b.tags ?? run.tags,
        metadata: b.metadata ?? run.metadata ?? undefined,
        queue: { name: b.queue ?? run.queue },
        ...((b.concurrencyKey ?? run.concurrency_key)
          ? { concurrencyKey: b.concurrencyKey ?? run.concurrency_key! }
          : {}),
        // The named limits the run held (not its task's inline one, which every run holds).
        ...(run.limits
          ? {
              concurrency: run.limits.filter(
                (n) => core.project.concurrencyLimits.has(n) && !n.startsWith("task/"),
              ),
            }
          : {}),
        ...(b.delay !== undefined ? { delay: b.delay } : {}),
        ...((b.ttl ?? run.ttl) !== null ? { ttl: b.ttl ?? run.ttl! } : {}),
        ...(b.idempotencyKey !== undefined ? { idempotencyKey: b.idempotencyKey } : {}),
        ...(b.idempotencyKeyTTL !== undefined ? { idempotencyKeyTTL: b.idempotencyKeyTTL } : {}),
        ...((b.maxAttempts ?? run.max_attempts) !== null
          ? { maxAttempts: b.maxAttempts ?? run.max_attempts! }
          : {}),
        ...((b.maxDuration ?? run.max_duration_s) !== null
          ? { maxDuration: b.maxDuration ?? run.max_duration_s! }
          : {}),
        priority: b.priority ?? run.priority_ms / 1000,
      },
    }),
  );
  core.wake();
  return created.run;
}

/** Public statuses (`runs.list`, bulk filters) -> the engine's. */
export const STATUS_FILTER: Record<string, string[]> = {
  QUEUED: ["PENDING"],
  DELAYED: ["DELAYED"],
  EXECUTING: ["EXECUTING", "RETRYING_AFTER_FAILURE"],
  WAITING: ["WAITING_TO_RESUME"],
  COMPLETED: ["COMPLETED_SUCCESSFULLY"],
  FAILED: ["COMPLETED_WITH_ERRORS"],
  CANCELED: ["CANCELED"],
  CRASHED: ["CRASHED"],
  SYSTEM_FAILURE: ["SYSTEM_FAILURE"],
  EXPIRED: ["EXPIRED"],
  TIMED_OUT: ["TIMED_OUT"],
};

/** A selection of runs, as `runs.list` and bulk actions express it (empty lists: no filter). */
export interface RunFilter {
  status: string[];
  tag: string[];
  taskIdentifier: string[];
  batch?: string | undefined;
  queue: string[];
  schedule?: string | undefined;
  isTest?: boolean | undefined;
  version: string[];
  machine: string[];
  region: string[];
  bulkAction: string[];
  from?: Date | undefined;
  to?: Date | undefined;
  /** A period back from now ("1h", "7d"). */
  period?: string | undefined;
}

/** The filter as SQL conditions on `trigger_engine.runs`, with their arguments from `$<first>`. */
export function runFilterSql(f: RunFilter, nowMs: number, first = 1): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replace("?", `$${first + args.length - 1}`));
  };
  if (f.status.length)
    add(
      "status = ANY(?)",
      f.status.flatMap((s) => STATUS_FILTER[s] ?? []),
    );
  if (f.tag.length) add("tags && ?", f.tag);
  if (f.taskIdentifier.length) add("task_identifier = ANY(?)", f.taskIdentifier);
  if (f.batch) add("batch_id = ?", f.batch);
  if (f.queue.length) add("queue = ANY(?)", f.queue);
  if (f.schedule)
    add(
      "friendly_id IN (SELECT run_id FROM trigger_engine.schedule_slots WHERE schedule_id = ?)",
      f.schedule,
    );
  if (f.isTest !== undefined) add("is_test = ?", f.isTest);
  if (f.bulkAction.length)
    add(
      "friendly_id IN (SELECT run_id FROM trigger_engine.bulk_action_runs WHERE action_id = ANY(?))",
      f.bulkAction,
    );
  // Every run here is of one version ("embedded") and has no machine preset or region: a filter on
  // those matches all runs or none, never silently every run.
  if (
    (f.version.length > 0 && !f.version.includes(EMBEDDED_VERSION)) ||
    f.machine.length > 0 ||
    f.region.length > 0
  )
    where.push("false");
  if (f.from) add("created_at >= ?", f.from);
  if (f.to) add("created_at <= ?", f.to);
  if (f.period) add("created_at >= ?", new Date(2 * nowMs - (resolveDate(f.period, nowMs)?.getTime() ?? 0)));
  return { where, args };
}
