import {
  BatchItemNDJSON,
  CreateBatchRequestBody,
  CreateBatchResponse,
  RetrieveBatchV2Response,
  StreamBatchItemsResponse,
  TriggerTaskRequestBody,
  TriggerTaskResponse,
} from "@trigger.dev/core/v3";
import { EngineHttpError, journaled } from "../core/core.js";
import { FINAL_STATUSES, inTx, type RunRow } from "../core/db.js";
import { newBatchId, newWaitpointId } from "../core/ids.js";
import { insertBatchRuns, taskOf, triggerOne } from "../core/trigger.js";
import { batchItemCountSql, batchMembersSql, completeSealedBatch } from "../core/waitpoints.js";
import {
  batchTokenMayStream,
  canBatchTrigger,
  canReadBatch,
  runReadToken,
  spendBatchScope,
  spendTriggerScope,
} from "./auth.js";
import { readJson, readText, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

async function trigger(ctx: RouteContext): Promise<void> {
  const taskId = ctx.params[0]!; // decoded once by the router
  const body = await readJson(ctx.req, TriggerTaskRequestBody);
  taskOf(ctx.core, taskId);
  await spendTriggerScope(ctx.core, ctx.caller, taskId);
  const exec = ctx.caller.kind === "secret" ? ctx.caller.exec : undefined;
  let options = body.options ?? {};
  if (ctx.caller.kind === "public") {
    // A browser's trigger is never a child of some run, whatever the body says.
    const { parentRunId: _p, resumeParentOnCompletion: _r, ...rest } = options;
    options = rest;
  }
  const input = { taskId, payload: body.payload, options, ...(exec ? { caller: exec } : {}) };
  const { leased, ...result } = await triggerOne(ctx.core, input);
  // A run leased in its insert is already executing: no claim to wake the loop for.
  if (!leased) ctx.core.wake();
  ctx.res.setHeader("x-trigger-jwt", runReadToken(ctx.secretKey, `read:runs:${result.id}`));
  sendJson(ctx.res, 200, result, TriggerTaskResponse);
}

interface BatchRow {
  id: string;
  run_count: number;
  parent_run_id: string | null;
  resume_parent_on_completion: boolean;
  idempotency_key: string | null;
  sealed: boolean;
  token_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

export const MAX_BATCH_ITEMS = 1_000;

async function createBatch(ctx: RouteContext): Promise<void> {
  let body = await readJson(ctx.req, CreateBatchRequestBody);
  // As on Trigger.dev Cloud: a batch holds at most 1,000 items (the SDK does not check it).
  if (body.runCount > MAX_BATCH_ITEMS)
    throw new EngineHttpError(
      400,
      `Batch runCount of ${body.runCount} exceeds maximum allowed of ${MAX_BATCH_ITEMS}`,
    );
  for (const t of body.taskIdentifiers ?? []) taskOf(ctx.core, t);
  const caller = ctx.caller;
  const openedBy = caller.kind === "public" ? (caller.tokenHash ?? null) : null;
  if (caller.kind === "public") {
    // A browser's batch (`auth.createBatchTriggerPublicToken`) is never a child of some run.
    const { parentRunId: _p, resumeParentOnCompletion: _r, ...rest } = body;
    body = rest;
  }
  await spendBatchScope(ctx.core, caller, body.taskIdentifiers ?? []);
  const exec = caller.kind === "secret" ? caller.exec : undefined;
  const now = ctx.core.clock.now();
  const out = await inTx(ctx.core.pool, async (c) => {
    if (body.idempotencyKey) {
      const found = await c.query<BatchRow>(
        "SELECT * FROM trigger_engine.batches WHERE idempotency_key = $1",
        [body.idempotencyKey],
      );
      if (found.rows[0]) return { id: found.rows[0].id, isCached: true };
    }
    const callerRunId = exec?.runId;
    const { value, replayed } = await journaled(c, exec, callerRunId, "batch", async () => {
      const id = newBatchId();
      await c.query(
        `INSERT INTO trigger_engine.batches (id, run_count, parent_run_id, resume_parent_on_completion, idempotency_key,
           token_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [
          id,
          body.runCount,
          body.parentRunId ?? null,
          body.resumeParentOnCompletion ?? false,
          body.idempotencyKey ?? null,
          openedBy,
          now,
        ],
      );
      if (body.resumeParentOnCompletion) {
        await c.query(
          "INSERT INTO trigger_engine.waitpoints (id, type, completed_by_batch_id, created_at) VALUES ($1, 'BATCH', $2, $3)",
          [newWaitpointId(), id, now],
        );
      }
      return id;
    });
    // A replayed batch (re-execution after a wait) already has its items: tell the SDK to skip
    // phase 2, unless a crash came between the phases (not sealed): then the items are sent again
    // and deduplicated by index.
    const sealed = replayed
      ? (
          await c.query<{ sealed: boolean }>("SELECT sealed FROM trigger_engine.batches WHERE id = $1", [
            value,
          ])
        ).rows[0]?.sealed
      : false;
    return { id: value, isCached: replayed && sealed === true };
  });
  // The handle's publicAccessToken, signed with the engine's key (as a trigger's): the SDK would
  // otherwise sign it with the caller's own credential, which for a browser is the public token.
  ctx.res.setHeader("x-trigger-jwt", runReadToken(ctx.secretKey, `read:batch:${out.id}`));
  sendJson(
    ctx.res,
    200,
    {
      id: out.id,
      runCount: body.runCount,
      isCached: out.isCached,
      ...(body.idempotencyKey ? { idempotencyKey: body.idempotencyKey } : {}),
    },
    CreateBatchResponse,
  );
}

async function streamItems(ctx: RouteContext): Promise<void> {
  const batchId = ctx.params[0]!;
  const lines = (await readText(ctx.req)).split("\n").filter((l) => l.trim());
  const items = lines.map((line) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new EngineHttpError(400, "Invalid NDJSON line");
    }
    const parsed = BatchItemNDJSON.safeParse(raw);
    if (!parsed.success)
      throw new EngineHttpError(400, `Invalid batch item: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  });
  const result = await inTx(ctx.core.pool, async (c) => {
    const b = await c.query<BatchRow>("SELECT * FROM trigger_engine.batches WHERE id = $1 FOR UPDATE", [
      batchId,
    ]);
    const batch = b.rows[0];
    if (!batch || !batchTokenMayStream(ctx.caller, batch.token_hash))
      throw new EngineHttpError(404, "Batch not found");
    for (const item of items) {
      if (!canBatchTrigger(ctx.caller, item.task))
        throw new EngineHttpError(403, "This token may not batch trigger these tasks");
    }
    for (const item of items)
      if (item.index < 0 || item.index >= batch.run_count)
        throw new EngineHttpError(
          400,
          `Batch item index ${item.index} is outside the batch's ${batch.run_count} items`,
        );
    // Items already stored (the SDK retried the stream) are deduplicated by their index.
    const stored = await c.query<{ batch_index: number }>(
      `SELECT batch_index FROM trigger_engine.runs WHERE batch_id = $1 AND batch_index = ANY($2::int[])
       UNION ALL
       SELECT batch_index FROM trigger_engine.batch_items WHERE batch_id = $1 AND batch_index = ANY($2::int[])`,
      [batchId, items.map((i) => i.index)],
    );
    const seen = new Set(stored.rows.map((r) => r.batch_index));
    const fresh = items.filter((item) => {
      if (seen.has(item.index)) return false;
      seen.add(item.index);
      return true;
    });
    const accepted = fresh.length;
    const deduplicated = items.length - accepted;
    await insertBatchRuns(
      ctx.core,
      c,
      batchId,
      fresh.map((item) => ({
        taskId: item.task,
        payload: item.payload,
        options: (item.options ?? {}) as never,
        batch: {
          id: batchId,
          index: item.index,
          ...(batch.parent_run_id ? { parentRunId: batch.parent_run_id } : {}),
          resumeParent: batch.resume_parent_on_completion,
        },
      })),
    );
    const count = await c.query<{ n: string }>(`SELECT ${batchItemCountSql("$1")} AS n`, [batchId]);
    const sealed = Number(count.rows[0]?.n ?? 0) >= batch.run_count;
    const now = ctx.core.clock.now();
    await c.query("UPDATE trigger_engine.batches SET sealed = $2, updated_at = $3 WHERE id = $1", [
      batchId,
      sealed,
      now,
    ]);
    if (sealed) await completeSealedBatch(c, batchId, now);
    return { id: batchId, itemsAccepted: accepted, itemsDeduplicated: deduplicated, sealed };
  });
  ctx.core.wake();
  sendJson(ctx.res, 200, result, StreamBatchItemsResponse);
}

async function retrieveBatch(ctx: RouteContext): Promise<void> {
  if (!canReadBatch(ctx.caller, ctx.params[0]!)) throw new EngineHttpError(404, "Batch not found");
  const b = await ctx.core.pool.query<BatchRow>("SELECT * FROM trigger_engine.batches WHERE id = $1", [
    ctx.params[0],
  ]);
  const batch = b.rows[0];
  if (!batch) throw new EngineHttpError(404, "Batch not found");
  const runs = await ctx.core.pool.query<Pick<RunRow, "friendly_id" | "status">>(
    `SELECT friendly_id, status FROM ${batchMembersSql("$1")} m ORDER BY item_index`,
    [batch.id],
  );
  const done = runs.rows.filter((r) => (FINAL_STATUSES as readonly string[]).includes(r.status));
  const failed = done.some((r) => r.status !== "COMPLETED_SUCCESSFULLY");
  const complete = batch.sealed && done.length >= batch.run_count;
  const status = !batch.sealed
    ? "PENDING"
    : complete
      ? failed
        ? "PARTIAL_FAILED"
        : "COMPLETED"
      : "PROCESSING";
  sendJson(
    ctx.res,
    200,
    {
      id: batch.id,
      status,
      ...(batch.idempotency_key ? { idempotencyKey: batch.idempotency_key } : {}),
      createdAt: batch.created_at,
      updatedAt: batch.updated_at,
      runCount: batch.run_count,
      runs: runs.rows.map((r) => r.friendly_id),
      processing: { errors: [] },
    },
    RetrieveBatchV2Response,
  );
}

export const taskRoutes: Route[] = [
  { method: "POST", pattern: /^\/api\/v1\/tasks\/([^/]+)\/trigger$/, handler: trigger },
  { method: "POST", pattern: /^\/api\/v3\/batches$/, handler: createBatch },
  { method: "POST", pattern: /^\/api\/v3\/batches\/([^/]+)\/items$/, handler: streamItems },
  { method: "GET", pattern: /^\/api\/v[12]\/batches\/([^/]+)$/, handler: retrieveBatch },
];
