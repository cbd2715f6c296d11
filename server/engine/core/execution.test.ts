import { TaskRunContext } from "@trigger.dev/core/v3";
import { describe, expect, it } from "vitest";
import type { EngineCore } from "./core.js";
import type { RunRow } from "./db.js";
import { buildExecution, contextOf } from "./execution.js";

const core = {
  project: {
    tasks: new Map([["care.checkin", { filePath: "trigger/checkin.ts" }]]),
    config: { project: "proj_x" },
  },
} as unknown as EngineCore;

const base = {
  id: "r1",
  friendly_id: "run_1",
  task_identifier: "care.checkin",
  payload: '{"n":1}',
  payload_type: "application/json",
  metadata: null,
  tags: [],
  idempotency_key_user: null,
  idempotency_key_scope: null,
  queue: "task/care.checkin",
  priority_ms: 0,
  max_attempts: null,
  max_duration_s: null,
  parent_run_id: null,
  root_run_id: null,
  batch_id: null,
  is_test: false,
  created_at: new Date("2026-12-01T10:00:00Z"),
  started_at: null,
} as unknown as RunRow;

const rows: Array<[string, Partial<RunRow>]> = [
  ["a first attempt with nothing optional", {}],
  [
    "every optional field set",
    {
      tags: ["patient:p1", "site:a"],
      idempotency_key_user: "k1",
      idempotency_key_scope: "global",
      max_attempts: 3,
      max_duration_s: 60,
      metadata: { step: 2, nested: { ok: true } },
      priority_ms: 2500,
      parent_run_id: "run_parent",
      root_run_id: "run_root",
      batch_id: "batch_1",
      is_test: true,
      started_at: new Date("2026-12-01T10:00:05Z"),
    },
  ],
  ["no payload", { payload: null, payload_type: "application/super+json" }],
];

describe("contextOf", () => {
  it.each(rows)("equals TaskRunContext.parse of the execution: %s", (_name, fields) => {
    const execution = buildExecution(core, { ...base, ...fields }, 2, new Date("2026-12-01T10:00:06Z"));
    expect(contextOf(execution)).toStrictEqual(TaskRunContext.parse(execution));
  });

  it("leaves the payload, metadata and per-execution figures out of ctx.run", () => {
    const execution = buildExecution(core, { ...base, metadata: { a: 1 } }, 1, new Date());
    const run = contextOf(execution).run as Record<string, unknown>;
    for (const key of ["payload", "payloadType", "metadata", "durationMs", "costInCents"])
      expect(run).not.toHaveProperty(key);
    expect(run.id).toBe("run_1");
  });
});
