import type { TaskRunContext, TaskRunExecution } from "@trigger.dev/core/v3";
import type { EngineCore } from "./core.js";
import type { RunRow } from "./db.js";

export function buildExecution(
  core: EngineCore,
  run: RunRow,
  attempt: number,
  startedAt: Date,
): TaskRunExecution {
  const info = core.project.tasks.get(run.task_identifier);
  const ref = core.project.config.project ?? "proj_embedded";
  return {
    task: { id: run.task_identifier, filePath: info?.filePath ?? "" },
    attempt: { number: attempt, startedAt },
    run: {
      id: run.friendly_id,
      payload: run.payload ?? "",
      payloadType: run.payload_type,
      tags: run.tags,
      isTest: run.is_test,
      isReplay: false,
      createdAt: run.created_at,
      startedAt: run.started_at ?? startedAt,
      ...(run.idempotency_key_user ? { idempotencyKey: run.idempotency_key_user } : {}),
      ...(run.idempotency_key_scope
        ? { idempotencyKeyScope: run.idempotency_key_scope as "run" | "attempt" | "global" }
        : {}),
      ...(run.max_attempts !== null ? { maxAttempts: run.max_attempts } : {}),
      ...(run.metadata ? { metadata: run.metadata as Record<string, never> } : {}),
      ...(run.max_duration_s !== null ? { maxDuration: run.max_duration_s } : {}),
      priority: run.priority_ms / 1000,
      ...(run.parent_run_id ? { parentTaskRunId: run.parent_run_id } : {}),
      ...(run.root_run_id ? { rootTaskRunId: run.root_run_id } : {}),
      durationMs: 0,
      costInCents: 0,
      baseCostInCents: 0,
      version: "embedded",
    },
    queue: { id: run.queue, name: run.queue },
    environment: { id: "env_embedded", slug: "dev", type: "DEVELOPMENT" },
    organization: { id: "org_embedded", slug: "embedded", name: "Embedded" },
    project: { id: ref, ref, slug: ref, name: ref },
    machine: { name: "small-1x", cpu: 0.5, memory: 0.5, centsPerMs: 0 },
    ...(run.batch_id ? { batch: { id: run.batch_id } } : {}),
  };
}

/**
 * The run's `ctx`: what `TaskRunContext.parse(execution)` gives for an execution built above (the
 * run without its payload, metadata and per-execution figures), without the zod parse, which was
 * about a twentieth of what each attempt allocated (4 KB). `execution.test.ts` holds the two equal.
 */
export function contextOf(execution: TaskRunExecution): TaskRunContext {
  const { payload, payloadType, metadata, durationMs, costInCents, ...run } = execution.run;
  return {
    attempt: { number: execution.attempt.number, startedAt: execution.attempt.startedAt },
    run,
    task: execution.task,
    queue: execution.queue,
    environment: execution.environment,
    organization: execution.organization,
    project: execution.project,
    machine: execution.machine as TaskRunContext["machine"],
    ...(execution.batch ? { batch: execution.batch } : {}),
  };
}

/** A lifecycle-hooks view whose per-attempt listener lists are private; task hooks stay shared. */
export function perRunHooks(): unknown {
  const shared = (globalThis as Record<symbol, Record<string, unknown>>)[Symbol.for("dev.trigger.ts.api")]?.[
    "lifecycle-hooks"
  ];
  const view = Object.create(shared as object) as Record<string, unknown>;
  view.onWaitHookListeners = [];
  view.onResumeHookListeners = [];
  view.onCancelHookListeners = [];
  return view;
}
