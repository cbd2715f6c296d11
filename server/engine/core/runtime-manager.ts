import type {
  BatchTaskRunExecutionResult,
  TaskRunContext,
  TaskRunError,
  TaskRunExecutionResult,
  WaitpointTokenResult,
} from "@trigger.dev/core/v3";
import { lifecycleHooks } from "@trigger.dev/core/v3";
import type pg from "pg";
import type { CompletedWaitpoint, ExecutionRef } from "./core.js";
import { getRunByFriendlyId, isFinal, type RunRow } from "./db.js";
import { newWaitpointId } from "./ids.js";
import { batchMembersSql } from "./waitpoints.js";

export function runToResult(run: RunRow): TaskRunExecutionResult {
  if (run.status === "COMPLETED_SUCCESSFULLY") {
    return {
      ok: true,
      id: run.friendly_id,
      ...(run.output !== null ? { output: run.output } : {}),
      outputType: run.output_type ?? "application/json",
      taskIdentifier: run.task_identifier,
    };
  }
  const code =
    run.status === "CANCELED"
      ? "TASK_RUN_CANCELLED"
      : run.status === "TIMED_OUT"
        ? "MAX_DURATION_EXCEEDED"
        : run.status === "CRASHED"
          ? "TASK_RUN_CRASHED"
          : "TASK_EXECUTION_FAILED";
  const error = (run.error as TaskRunError | null) ?? { type: "INTERNAL_ERROR", code, message: run.status };
  return { ok: false, id: run.friendly_id, error, taskIdentifier: run.task_identifier };
}

/**
 * What an attempt offers its runtime manager: park the run on these waitpoints. Resolves when the
 * attempt continues in place (every blocker completed); never resolves if the attempt was
 * abandoned instead (the run is then re-executed from the top).
 */
export interface SuspendControl {
  suspend(waitpointIds: string[]): Promise<void>;
}

/**
 * Answers the SDK's waits from the database. A completed waitpoint returns at once (this is how a
 * re-executed run replays its past waits); an open one suspends the attempt, which releases its
 * slot. When the attempt continues in place, the wait is asked again and now finds its result.
 */
export class EngineRuntimeManager {
  constructor(
    private readonly pool: pg.Pool,
    private readonly control: SuspendControl,
    /** The attempt's execution: waitpoints it already read as completed (a replay) need no query. */
    private readonly exec?: ExecutionRef,
  ) {}

  disable(): void {}

  async waitForTask(params: { id: string; ctx: TaskRunContext }): Promise<TaskRunExecutionResult> {
    // A child this attempt just made with its RUN waitpoint: park on it without reading either.
    const made = this.exec?.childWaits?.get(params.id);
    if (made !== undefined) {
      this.exec!.childWaits!.delete(params.id);
      await lifecycleHooks.callOnWaitHookListeners({ type: "task", runId: params.id });
      await this.control.suspend([made]);
      return this.waitForTask(params);
    }
    const child = await getRunByFriendlyId(this.pool, params.id);
    if (!child)
      return { ok: false, id: params.id, error: { type: "INTERNAL_ERROR", code: "COULD_NOT_FIND_TASK" } };
    if (isFinal(child.status)) return this.resumed({ type: "task", runId: params.id }, runToResult(child));
    await lifecycleHooks.callOnWaitHookListeners({ type: "task", runId: params.id });
    const wp = await this.pool.query<{ id: string }>(
      "SELECT id FROM trigger_engine.waitpoints WHERE completed_by_run_id = $1 ORDER BY created_at LIMIT 1",
      [params.id],
    );
    const id = wp.rows[0]?.id ?? (await this.createWaitpoint("RUN", "completed_by_run_id", params.id));
    await this.control.suspend([id]);
    return this.waitForTask(params);
  }

  async waitForBatch(params: {
    id: string;
    runCount: number;
    ctx: TaskRunContext;
  }): Promise<BatchTaskRunExecutionResult> {
    const runs = await this.pool.query<RunRow>(
      `SELECT * FROM ${batchMembersSql("$1")} m ORDER BY item_index`,
      [params.id],
    );
    if (runs.rows.length >= params.runCount && runs.rows.every((r) => isFinal(r.status))) {
      const items = runs.rows.map(runToResult);
      return this.resumed(
        { type: "batch", batchId: params.id, runCount: params.runCount },
        { id: params.id, items },
      );
    }
    await lifecycleHooks.callOnWaitHookListeners({
      type: "batch",
      batchId: params.id,
      runCount: params.runCount,
    });
    const wp = await this.pool.query<{ id: string }>(
      "SELECT id FROM trigger_engine.waitpoints WHERE completed_by_batch_id = $1 ORDER BY created_at LIMIT 1",
      [params.id],
    );
    const id = wp.rows[0]?.id ?? (await this.createWaitpoint("BATCH", "completed_by_batch_id", params.id));
    await this.control.suspend([id]);
    return this.waitForBatch(params);
  }

  async waitForWaitpoint(params: {
    waitpointFriendlyId: string;
    finishDate?: Date;
  }): Promise<WaitpointTokenResult> {
    const id = params.waitpointFriendlyId;
    const wait = params.finishDate
      ? ({ type: "duration", date: params.finishDate } as const)
      : ({ type: "token", token: id } as const);
    // The run's own wait call has just read it open: park without reading it again.
    if (!this.exec?.open?.delete(id)) {
      const wp = this.takeCompleted(id) ?? (await this.readWaitpoint(id));
      if (!wp) {
        const output = JSON.stringify({
          code: "TRIGGER_WAITPOINT_NOT_FOUND",
          message: "Waitpoint not found",
        });
        return { ok: false, output, outputType: "application/json" };
      }
      if (wp.completed_at) {
        const result: WaitpointTokenResult = {
          ok: !wp.output_is_error,
          ...(wp.output !== null ? { output: wp.output } : {}),
          ...(wp.output_type !== null ? { outputType: wp.output_type } : {}),
        };
        return this.resumed(wait, result);
      }
    }
    await lifecycleHooks.callOnWaitHookListeners(wait);
    await this.control.suspend([id]);
    return this.waitForWaitpoint(params);
  }

  /**
   * A completed waitpoint the attempt already holds (a replayed wait, the route's own read, or the
   * outputs its resume came with): used once, so a long run's memory does not grow with its waits.
   */
  private takeCompleted(id: string): CompletedWaitpoint | undefined {
    const hit = this.exec?.completed?.get(id);
    if (hit) this.exec!.completed!.delete(id);
    return hit;
  }

  private async readWaitpoint(
    id: string,
  ): Promise<(Omit<CompletedWaitpoint, "completed_at"> & { completed_at: Date | null }) | undefined> {
    const res = await this.pool.query<
      Omit<CompletedWaitpoint, "completed_at"> & { completed_at: Date | null }
    >(
      "SELECT completed_at, output, output_type, output_is_error FROM trigger_engine.waitpoints WHERE id = $1",
      [id],
    );
    return res.rows[0];
  }

  private async resumed<T>(
    wait: Parameters<typeof lifecycleHooks.callOnResumeHookListeners>[0],
    value: T,
  ): Promise<T> {
    await lifecycleHooks.callOnResumeHookListeners(wait);
    return value;
  }

  // A blocker created after its run/batch already finished would never complete: create it, then
  // let the attempt's suspend transaction re-check the target before parking.
  private async createWaitpoint(type: "RUN" | "BATCH", column: string, target: string): Promise<string> {
    const id = newWaitpointId();
    await this.pool.query(
      `INSERT INTO trigger_engine.waitpoints (id, type, ${column}, created_at) VALUES ($1, $2, $3, now())`,
      [id, type, target],
    );
    return id;
  }
}
