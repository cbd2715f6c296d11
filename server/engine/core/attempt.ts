import { context, ROOT_CONTEXT } from "@opentelemetry/api";
import {
  ApiClient,
  collapseOperations,
  logger as coreLogger,
  lifecycleHooks,
  parsePacket,
  type RunMetadataChangeOperation,
  resourceCatalog,
  type TaskRunContext,
  type TaskRunError,
  type TaskRunExecution,
  type TaskRunExecutionResult,
} from "@trigger.dev/core/v3";
import { TriggerTracer } from "@trigger.dev/core/v3/tracer";
import {
  StandardInputStreamManager,
  StandardLocalsManager,
  StandardMetadataManager,
  StandardRealtimeStreamsManager,
  StandardWaitUntilManager,
  TaskExecutor,
} from "@trigger.dev/core/v3/workers";
import { LegStop, SUSPENDED, Suspender } from "./attempt-control.js";
import { onFirstUse, runInSlots, runOutsideSlots, type SlotStore } from "./context-slots.js";
import { type EngineCore, type ExecutionRef, journalOf, noteWaitpoint } from "./core.js";
import type { RunRow } from "./db.js";
import { buildExecution, contextOf, perRunHooks } from "./execution.js";
import { randomId } from "./ids.js";
import type { MetadataUpdate } from "./metadata.js";
import { type AttemptOutcome, finishAttempt } from "./outcome.js";
import { installConsoleCapture } from "./run-console.js";
import { type AttemptLog, LOG_SLOT, type LogLevel } from "./run-logs.js";
import { installSpanCapture, recordLine, runSpanTracer, silentTracer } from "./run-spans.js";
import { EngineRuntimeManager, type SuspendControl } from "./runtime-manager.js";
import { canPark, dropParked, type ParkedAttempt, parkAttempt, takeParked } from "./suspended.js";

/** How long aborted task code may take to return before its thread is stopped. */
const RUNAWAY_GRACE_MS = 5_000;
// The SDK executor's own spans (attempt, hooks, middleware) are not recorded: a run's trace is
// the run and what its code traced.
const tracer = new TriggerTracer({ name: "sequora-engine", version: "1", tracer: silentTracer });
// `logger.trace` makes a real span of the engine's provider (run-spans.ts): `span.setAttribute`
// works, and spans made inside it (AI SDK, a task's own tracer) nest under it in the run's trace.
const spanTracer = new TriggerTracer({ name: "trigger.dev", version: "embedded", tracer: runSpanTracer });
installSpanCapture();

// The SDK's `logger.*` goes to the global task logger; each line is recorded for the attempt whose
// code is running (run-logs.ts), under the span it was written in, if that span is recorded.
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
const line = (level: LogLevel) => (message: string, properties?: unknown) =>
  recordLine(level, message, properties);
const engineTaskLogger = {
  debug: line("DEBUG"),
  log: line("LOG"),
  info: line("INFO"),
  warn: line("WARN"),
  error: line("ERROR"),
  trace: <T>(name: string, ...rest: Tail<Parameters<typeof spanTracer.startActiveSpan<T>>>) =>
    spanTracer.startActiveSpan(name, ...rest),
  startSpan: (name: string, ...rest: Tail<Parameters<typeof spanTracer.startSpan>>) =>
    spanTracer.startSpan(name, ...rest),
};
coreLogger.setGlobalTaskLogger(engineTaskLogger as never);
// `console.*` inside task code is recorded too (run-console.ts); the SDK's per-attempt console swap
// is not used (attempts interleave in one thread).
installConsoleCapture();
const consoleInterceptor = { intercept: <T>(_c: Console, fn: () => Promise<T>) => fn() };

export interface RunningAttempt {
  cancel(): void;
  /** Resolves when this lease of the run ends: finished, or suspended, its state written. */
  done: Promise<void>;
  /**
   * Resolves once the run's code has stopped for this lease (finished or waiting) and only its
   * state is left to write: the worker may fill its slot then. Not for a run that timed out or was
   * canceled (its code may still be running): such a slot stays taken until `done`.
   */
  codeStopped?: Promise<void>;
}

/**
 * Executes one attempt of a leased run, or continues the attempt this process parked when the run
 * last waited (see suspended.ts); without one (restart, bound reached, another process), the
 * attempt re-executes from the top and the journal replays its past calls.
 */
export function startAttempt(core: EngineCore, run: RunRow): RunningAttempt {
  const parked = takeParked(core, run);
  if (parked) return parked.resume(run);
  return new LiveAttempt(core, run).leg(run);
}

function createSlotStore(
  core: EngineCore,
  exec: ExecutionRef,
  ctx: TaskRunContext,
  control: SuspendControl,
  metadata: StandardMetadataManager,
  accessToken: string,
  log: AttemptLog,
): SlotStore {
  const worker = { id: core.workerId, version: "embedded", contentHash: "embedded" };
  // `streams.pipe` / `metadata.stream` write through this attempt's key; as on Trigger.dev the
  // attempt does not finish before its streams are written (wait-until, at most 60 s).
  const streams = onFirstUse(
    () => new StandardRealtimeStreamsManager(new ApiClient(core.apiUrl(), accessToken), core.apiUrl()),
    [],
  );
  const waitUntil = new StandardWaitUntilManager(60_000);
  waitUntil.register({
    requiresResolving: () => streams.made()?.hasActiveStreams() ?? false,
    promise: (timeoutMs?: number) => streams.slot.waitForAllStreams(timeoutMs),
  });
  // `streams.input`: this attempt's tails of its run's input streams. The SDK allows them only on
  // "v2" realtime streams; the engine serves their routes itself (http/routes-streams.ts).
  const inputs = onFirstUse(() => {
    const manager = new StandardInputStreamManager(new ApiClient(core.apiUrl(), accessToken), core.apiUrl());
    manager.setRunId(ctx.run.id, "v2");
    return manager;
  }, ["clearHandlers", "reset", "disconnect"]);
  return new Map<string, unknown>([
    ["task-context", { ctx, worker, isWarmStart: false }],
    ["runtime", new EngineRuntimeManager(core.pool, control, exec)],
    ["run-metadata", metadata],
    ["lifecycle-hooks", perRunHooks()],
    ["locals", new StandardLocalsManager()],
    ["api-client", { baseURL: core.apiUrl(), accessToken }],
    ["wait-until", waitUntil],
    ["realtime-streams", streams.slot],
    ["input-streams", inputs.slot],
    [LOG_SLOT, log],
  ]);
}

class LiveAttempt implements ParkedAttempt {
  readonly attempt: number;
  executionCount: number;
  private readonly exec: ExecutionRef;
  private readonly metadata: StandardMetadataManager;
  private readonly suspender = new Suspender();
  private readonly abort = new AbortController();
  private readonly stop = new LegStop(this.abort);
  private readonly execution: TaskRunExecution;
  private readonly ctx: TaskRunContext;
  private readonly store: SlotStore;
  private canceled = false;
  private usedMs = 0;
  private running: Promise<TaskRunExecutionResult> | undefined;

  constructor(
    private readonly core: EngineCore,
    run: RunRow,
  ) {
    this.attempt = run.attempt_number;
    this.executionCount = run.execution_count;
    this.exec = {
      runFriendlyId: run.friendly_id,
      runId: run.id,
      lineage: { rootRunId: run.root_run_id, depth: run.depth },
      attempt: this.attempt,
      nonce: randomId(),
      ordinals: new Map(),
      replayable: run.execution_count > 1,
      ...(run.journal ? { journal: journalOf(run.journal) } : {}),
    };
    core.executions.set(this.exec.nonce, this.exec);
    const accessToken = `tr_dev_run_${run.friendly_id}_${this.attempt}_${this.exec.nonce}`;
    this.metadata = new StandardMetadataManager(new ApiClient(core.apiUrl(), accessToken));
    this.metadata.runId = run.friendly_id;
    this.metadata.runIdIsRoot = !run.root_run_id;
    this.execution = buildExecution(core, run, this.attempt, core.clock.now());
    this.ctx = contextOf(this.execution);
    this.store = createSlotStore(
      core,
      this.exec,
      this.ctx,
      this.suspender.control,
      this.metadata,
      accessToken,
      core.logs.forAttempt(run.id, this.attempt),
    );
  }

  /** One lease of the run: from (re)start or resume until it finishes or suspends again. */
  leg(run: RunRow): RunningAttempt {
    let codeStopped!: () => void;
    const stopped = new Promise<void>((resolve) => (codeStopped = resolve));
    const done = runOutsideSlots(() => this.drive(run, codeStopped));
    return {
      codeStopped: stopped,
      cancel: () => {
        this.canceled = true;
        this.stop.stop("run cancelled");
      },
      done,
    };
  }

  resume(run: RunRow): RunningAttempt {
    this.executionCount = run.execution_count;
    // The waits it was parked on answer from what the lease brought (dequeue.ts), not a read each.
    for (const w of run.blockers ?? [])
      noteWaitpoint(this.exec, { ...w, completed_at: new Date(w.completed_at) });
    const running = this.leg(run);
    this.suspender.release();
    return running;
  }

  drop(): void {
    this.end();
    this.abort.abort("run moved on");
  }

  private end(): void {
    // Its input-stream tails (open SSE reads) end with the attempt.
    (this.store.get("input-streams") as StandardInputStreamManager | undefined)?.reset();
    this.suspender.closed = true;
    this.core.executions.delete(this.exec.nonce);
  }

  private startExecutor(): Promise<TaskRunExecutionResult> {
    const task = resourceCatalog.getTask(this.execution.task.id);
    if (!task)
      throw Object.assign(new Error(`task ${this.execution.task.id} is not loaded`), { notFound: true });
    const executor = new TaskExecutor(task, {
      tracer,
      tracingSDK: undefined as never,
      consoleInterceptor: consoleInterceptor as never,
      retries: this.core.project.config.retries as never,
    });
    // From OTel's root context: not the context of whatever leased the run (an in-process API call
    // of another run, which the SDK marks "tracing suppressed" for its own HTTP calls).
    return context
      .with(ROOT_CONTEXT, () => executor.execute(this.execution, this.ctx, this.abort.signal))
      .then((r) => r.result);
  }

  private async drive(run: RunRow, codeStopped: () => void): Promise<void> {
    const legStart = performance.now();
    this.core.supervise?.legStarted(
      run.id,
      run.max_duration_s ? Math.max(0, run.max_duration_s * 1000 - this.usedMs) : null,
    );
    let outcome: AttemptOutcome;
    try {
      const result = await runInSlots(this.store, () => {
        this.metadata.startPeriodicFlush(1000);
        this.running ??= this.startExecutor();
        const running = this.running;
        // The lease ends first of: the code returns, waits on something open, or is stopped.
        return new Promise<TaskRunExecutionResult | typeof SUSPENDED | "stopped">((resolve, reject) => {
          this.suspender.watch(() => resolve(SUSPENDED));
          this.stop.arm(resolve, run.max_duration_s, this.usedMs);
          running.then(resolve, reject);
        });
      });
      outcome = toOutcome(result, this.suspender.take());
    } catch (err) {
      const code = (err as { notFound?: boolean }).notFound
        ? "COULD_NOT_FIND_TASK"
        : "CONFIGURED_INCORRECTLY";
      outcome = {
        kind: "failed",
        error: { type: "INTERNAL_ERROR", code, message: String(err).slice(0, 500) },
      };
    } finally {
      this.stop.clear();
      this.usedMs += performance.now() - legStart;
    }
    if (outcome.kind !== "timed_out" && !this.canceled) codeStopped();
    if (outcome.kind === "suspended" && !this.canceled) return this.suspend(run, outcome);
    if (outcome.kind === "timed_out" || this.canceled) this.watchRunaway(run.id);
    // Before end() revokes the attempt's token: a flush refused after it would lose its operations.
    await this.quietMetadata();
    this.end();
    if (this.canceled) {
      outcome = { kind: "canceled" };
      await runInSlots(this.store, () => lifecycleHooks.callOnCancelHookListeners()).catch(() => {});
    }
    await this.core.logs.flush();
    const flushed = await runInSlots(this.store, () => this.metadata.stopAndReturnLastFlush());
    const update = flushed.data ? ((await parsePacket(flushed)) as MetadataUpdate) : undefined;
    await finishAttempt(this.core, run, this.attempt, outcome, update);
  }

  /**
   * Stops the periodic metadata flush and lets one already on the wire land. The SDK re-arms its
   * timer when an in-flight periodic flush ends, hence the second stop.
   */
  private async quietMetadata(): Promise<void> {
    const manager = this.metadata as unknown as { isFlushing: boolean };
    this.metadata.stopPeriodicFlush();
    const deadline = Date.now() + 10_000;
    while (manager.isFlushing && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    this.metadata.stopPeriodicFlush();
  }

  /**
   * Timed out or canceled: the abort signal was raised. Task code that ignores it keeps running;
   * in an executor thread the engine thread then stops the whole thread (executors.ts).
   */
  private watchRunaway(runId: string): void {
    const supervise = this.core.supervise;
    const running = this.running;
    if (!supervise || !running) return;
    let settled = false;
    void running.then(
      () => (settled = true),
      () => (settled = true),
    );
    setTimeout(() => settled || supervise.runaway(runId), RUNAWAY_GRACE_MS).unref();
  }

  /**
   * Persists the suspension and frees the slot. Parked first (so a lease that follows the commit at
   * once finds it), unless the bound is reached: then the attempt is abandoned and replays later.
   */
  private async suspend(run: RunRow, outcome: AttemptOutcome): Promise<void> {
    await this.quietMetadata();
    // What the code set since the last flush goes with the park (no flush request of its own).
    const update = takeQueuedMetadata(this.metadata);
    await this.core.logs.flush();
    const keep = canPark(this.core);
    if (keep) parkAttempt(this.core, run.id, this);
    const persisted = await finishAttempt(this.core, run, this.attempt, outcome, update);
    if (!keep || !persisted) {
      if (keep) dropParked(this.core, run.id);
      this.end();
    }
  }
}

type QueuedOperations = Record<
  "queuedOperations" | "queuedParentOperations" | "queuedRootOperations",
  Set<RunMetadataChangeOperation>
>;

/**
 * The metadata operations the attempt queued since its last flush, collapsed as the SDK's flush
 * collapses them, and taken off its queue (the manager goes on working: a run that continues in
 * place after its wait queues and flushes again). Undefined when nothing is queued.
 */
function takeQueuedMetadata(manager: StandardMetadataManager): MetadataUpdate | undefined {
  const q = manager as unknown as QueuedOperations;
  const take = (set: Set<RunMetadataChangeOperation>) => {
    const ops = collapseOperations([...set]);
    set.clear();
    return ops;
  };
  if (!q.queuedOperations.size && !q.queuedParentOperations.size && !q.queuedRootOperations.size) return;
  return {
    operations: take(q.queuedOperations),
    parentOperations: take(q.queuedParentOperations),
    rootOperations: take(q.queuedRootOperations),
  };
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
