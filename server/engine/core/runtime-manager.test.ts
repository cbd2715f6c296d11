import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ExecutionRef } from "./core.js";
import { EngineRuntimeManager } from "./runtime-manager.js";

// The runtime's answer to a wait, with and without the attempt's memory of completed waitpoints.
function execWith(completed: ExecutionRef["completed"]): ExecutionRef {
  return {
    runFriendlyId: "run_1",
    runId: "r1",
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
});
