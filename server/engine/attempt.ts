import {
  ApiClient,
  lifecycleHooks,
  parsePacket,
  resourceCatalog,
  TaskRunContext,
  type TaskRunError,
  type TaskRunExecution,
  type TaskRunExecutionResult,
} from "@trigger.dev/core/v3";
import { TriggerTracer } from "@trigger.dev/core/v3/tracer";
import {
  StandardLocalsManager,
  StandardMetadataManager,
  StandardWaitUntilManager,
  TaskExecutor,
} from "@trigger.dev/core/v3/workers";
import { runInSlots, runOutsideSlots, type SlotStore } from "./context-slots.js";
import type { EngineCore, ExecutionRef } from "./core.js";
import type { RunRow } from "./db.js";
import { randomId } from "./ids.js";
import type { MetadataUpdate } from "./metadata.js";
import { type AttemptOutcome, finishAttempt } from "./outcome.js";
import { EngineRuntimeManager, type SuspendControl } from "./runtime-manager.js";

const tracer = new TriggerTracer({ name: "sequora-engine", version: "1" });
// The platform routes console output into OTel; the engine leaves console alone.
const consoleInterceptor = { intercept: <T>(_c: Console, fn: () => Promise<T>) => fn() };
const SUSPENDED = "suspended" as const;

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

/** A lifecycle-hooks view whose per-attempt listener lists are private; task hooks stay shared. */
function perRunHooks(): unknown {
  const shared = (globalThis as Record<symbol, Record<string, unknown>>)[Symbol.for("dev.trigger.ts.api")]?.[
    "lifecycle-hooks"
  ];
  const view = Object.create(shared as object) as Record<string, unknown>;
  view.onWaitHookListeners = [];
  view.onResumeHookListeners = [];
  view.onCancelHookListeners = [];
  return view;
}

export interface RunningAttempt {
  cancel(): void;
  done: Promise<void>;
}

/** Executes one attempt (or one re-execution of it after a wait) of a leased run. */
export function startAttempt(core: EngineCore, run: RunRow): RunningAttempt {
  const abort = new AbortController();
  const state = { canceled: false };
  const done = runOutsideSlots(() => execute(core, run, abort, state));
  return {
    cancel: () => {
      state.canceled = true;
      abort.abort("run cancelled");
    },
    done,
  };
}

interface Suspender {
  control: SuspendControl;
  suspended: Promise<string[]>;
  blocks: Set<string>;
}

function createSuspender(): Suspender {
  let resolveWith: ((ids: string[]) => void) | undefined;
  const suspended = new Promise<string[]>((resolve) => {
    resolveWith = resolve;
  });
  const blocks = new Set<string>();
  const control: SuspendControl = {
    // Parallel waits (Promise.all) arrive in the same tick: collect them, then park once.
    suspend(ids: string[]): Promise<never> {
      for (const id of ids) blocks.add(id);
      setImmediate(() => resolveWith?.([...blocks]));
      return new Promise<never>(() => {});
    },
  };
  return { control, suspended, blocks };
}

function createSlotStore(
  core: EngineCore,
  ctx: TaskRunContext,
  control: SuspendControl,
  metadata: StandardMetadataManager,
  accessToken: string,
): SlotStore {
  const worker = { id: core.workerId, version: "embedded", contentHash: "embedded" };
  return new Map<string, unknown>([
    ["task-context", { ctx, worker, isWarmStart: false }],
    ["runtime", new EngineRuntimeManager(core.pool, control)],
    ["run-metadata", metadata],
    ["lifecycle-hooks", perRunHooks()],
    ["locals", new StandardLocalsManager()],
    ["api-client", { baseURL: core.apiUrl(), accessToken }],
    ["wait-until", new StandardWaitUntilManager(60_000)],
  ]);
}

/** Resolves when the attempt must stop early: cancel, or maxDuration (which also aborts the task). */
function stopSignal(run: RunRow, abort: AbortController): { stopped: Promise<"stopped">; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<"stopped">((resolve) => {
    abort.signal.addEventListener("abort", () => resolve("stopped"), { once: true });
    if (run.max_duration_s)
      timer = setTimeout(() => abort.abort("max duration exceeded"), run.max_duration_s * 1000);
  });
  return { stopped, clear: () => clearTimeout(timer) };
}

async function execute(
  core: EngineCore,
  run: RunRow,
  abort: AbortController,
  state: { canceled: boolean },
): Promise<void> {
  const attempt = run.attempt_number;
  const exec: ExecutionRef = {
    runFriendlyId: run.friendly_id,
    runId: run.id,
    attempt,
    nonce: randomId(),
    ordinals: new Map(),
  };
  core.executions.set(exec.nonce, exec);
  const accessToken = `tr_dev_run_${run.friendly_id}_${attempt}_${exec.nonce}`;
  const metadata = new StandardMetadataManager(new ApiClient(core.apiUrl(), accessToken));
  const suspender = createSuspender();
  const execution = buildExecution(core, run, attempt, core.clock.now());
  const ctx = TaskRunContext.parse(execution);
  const store = createSlotStore(core, ctx, suspender.control, metadata, accessToken);
  const stop = stopSignal(run, abort);
  let outcome: AttemptOutcome;
  try {
    const task = resourceCatalog.getTask(run.task_identifier);
    if (!task)
      throw Object.assign(new Error(`task ${run.task_identifier} is not loaded`), { notFound: true });
    const result = await runInSlots(store, async () => {
      metadata.runId = run.friendly_id;
      metadata.runIdIsRoot = !run.root_run_id;
      metadata.startPeriodicFlush(1000);
      const executor = new TaskExecutor(task, {
        tracer,
        tracingSDK: undefined as never,
        consoleInterceptor: consoleInterceptor as never,
        retries: core.project.config.retries as never,
      });
      const running = executor.execute(execution, ctx, abort.signal).then((r) => r.result);
      return Promise.race([running, suspender.suspended.then(() => SUSPENDED), stop.stopped]);
    });
    outcome = toOutcome(result, [...suspender.blocks]);
  } catch (err) {
    const code = (err as { notFound?: boolean }).notFound ? "COULD_NOT_FIND_TASK" : "CONFIGURED_INCORRECTLY";
    outcome = { kind: "failed", error: { type: "INTERNAL_ERROR", code, message: String(err).slice(0, 500) } };
  } finally {
    stop.clear();
    core.executions.delete(exec.nonce);
  }
  if (state.canceled) {
    outcome = { kind: "canceled" };
    await runInSlots(store, () => lifecycleHooks.callOnCancelHookListeners()).catch(() => {});
  }
  const flushed = await runInSlots(store, () => metadata.stopAndReturnLastFlush());
  const update = flushed.data ? ((await parsePacket(flushed)) as MetadataUpdate) : undefined;
  await finishAttempt(core, run, attempt, outcome, update);
}

function toOutcome(
  result: TaskRunExecutionResult | typeof SUSPENDED | "stopped",
  blocks: string[],
): AttemptOutcome {
  if (result === SUSPENDED) return { kind: "suspended", waitpointIds: blocks };
  // "stopped" by cancel is overridden by the caller; otherwise it was maxDuration.
  if (result === "stopped") {
    return {
      kind: "timed_out",
      error: {
        type: "INTERNAL_ERROR",
        code: "MAX_DURATION_EXCEEDED",
        message: "Run exceeded its maxDuration",
      },
    };
  }
  if (result.ok) return { kind: "succeeded", output: result.output ?? null, outputType: result.outputType };
  const error = result.error as TaskRunError;
  if (result.retry) return { kind: "retry", error, at: new Date(result.retry.timestamp) };
  return { kind: "failed", error };
}
