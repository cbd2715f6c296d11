import type pg from "pg";
import { describe, expect, it } from "vitest";
import { type ExecutionRef, noteWaitpoint } from "./core.js";
import { EngineRuntimeManager } from "./runtime-manager.js";

// The runtime's answer to a wait, with and without the attempt's memory of completed waitpoints.
function execWith(completed: ExecutionRef["completed"]): ExecutionRef {
  return {
    runFriendlyId: "run_1",
    runId: "r1",
    lineage: { rootRunId: null, depth: 0 },
    attempt: 1,
    nonce: "n",
    ordinals: new Map(),
    replayable: true,
    completed,
  };
}

function recordingPool(rows: Array<Record<string, unknown>>): { pool: pg.Pool; queries: string[] } {
  const queries: string[] = [];
  const pool = {
    query: async (text: string) => {
      queries.push(text);
      return { rows };
    },
  } as unknown as pg.Pool;
  return { pool, queries };
}

const neverSuspend = {
  suspend: () => Promise.reject(new Error("a completed waitpoint must not suspend the attempt")),
};

describe("EngineRuntimeManager.waitForWaitpoint", () => {
  it("answers a waitpoint the attempt already read as completed (a replayed wait) without a query", async () => {
    const { pool, queries } = recordingPool([]);
    const exec = execWith(
      new Map([
        [
          "waitpoint_a",
          {
            completed_at: new Date(),
            output: '{"json":1}',
            output_type: "application/super+json",
            output_is_error: false,
          },
        ],
      ]),
    );
    const result = await new EngineRuntimeManager(pool, neverSuspend, exec).waitForWaitpoint({
      waitpointFriendlyId: "waitpoint_a",
    });
    expect(result).toEqual({ ok: true, output: '{"json":1}', outputType: "application/super+json" });
    expect(queries).toEqual([]);
  });

  it("reads any other waitpoint from the database, and reports an error output as not ok", async () => {
    const { pool, queries } = recordingPool([
      { completed_at: new Date(), output: '"late"', output_type: "application/json", output_is_error: true },
    ]);
    const exec = execWith(new Map());
    const result = await new EngineRuntimeManager(pool, neverSuspend, exec).waitForWaitpoint({
      waitpointFriendlyId: "waitpoint_b",
    });
    expect(result).toEqual({ ok: false, output: '"late"', outputType: "application/json" });
    expect(queries).toHaveLength(1);
  });

  it("a waitpoint the wait call just found open parks without a read; its resume brings the output", async () => {
    const { pool, queries } = recordingPool([]);
    const exec = execWith(undefined);
    noteWaitpoint(exec, {
      id: "waitpoint_c",
      completed_at: null,
      output: null,
      output_type: null,
      output_is_error: false,
    });
    const parked: string[][] = [];
    const control = {
      suspend: async (ids: string[]) => {
        parked.push(ids);
        expect(queries).toEqual([]);
        // What LiveAttempt.resume does with the lease's blockers.
        noteWaitpoint(exec, {
          id: "waitpoint_c",
          completed_at: new Date(),
          output: '"reply"',
          output_type: "application/json",
          output_is_error: false,
        });
      },
    };
    const result = await new EngineRuntimeManager(pool, control, exec).waitForWaitpoint({
      waitpointFriendlyId: "waitpoint_c",
    });
    expect(result).toEqual({ ok: true, output: '"reply"', outputType: "application/json" });
    expect(parked).toEqual([["waitpoint_c"]]);
    expect(queries).toEqual([]);
    // Used once: a second wait on the same token reads it (memory does not grow with a run's waits).
    expect(exec.completed?.size).toBe(0);
    expect(exec.open?.size).toBe(0);
  });

  it("a resume that brought nothing (another process parked it, or a stale view) reads the waitpoint", async () => {
    const { pool, queries } = recordingPool([
      { completed_at: new Date(), output: null, output_type: null, output_is_error: false },
    ]);
    const exec = execWith(undefined);
    exec.open = new Set(["waitpoint_d"]);
    const result = await new EngineRuntimeManager(pool, { suspend: async () => {} }, exec).waitForWaitpoint({
      waitpointFriendlyId: "waitpoint_d",
    });
    expect(result).toEqual({ ok: true });
    expect(queries).toHaveLength(1);
  });
});
