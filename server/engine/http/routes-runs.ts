import {
  CanceledRunResponse,
  ListRunResponse,
  ReplayRunRequestBody,
  ReplayRunResponse,
  RescheduleRunRequestBody,
  RetrieveRunResponse,
  UpdateMetadataRequestBody,
  UpdateMetadataResponseBody,
} from "@trigger.dev/core/v3";
import { z } from "zod";
import { EngineHttpError } from "../core/core.js";
import { getRunByFriendlyId, inTx, isFinal, type RunRow } from "../core/db.js";
import { randomId, resolveDate } from "../core/ids.js";
import { flushRunMetadata } from "../core/metadata.js";
import { finalizeRun } from "../core/outcome.js";
import { dropParked } from "../core/suspended.js";
import { insertRun } from "../core/trigger.js";
import { canReadRun, requireSecret } from "./auth.js";
import { readJson, sendJson } from "./io.js";
import { EMBEDDED_VERSION, presentListItem, presentRun } from "./present.js";
import type { Route, RouteContext } from "./route-types.js";
import { loadStoredPacket } from "./routes-packets.js";

async function loadRun(ctx: RouteContext, id: string): Promise<RunRow> {
  const run = await getRunByFriendlyId(ctx.core.pool, id);
  if (!run || !canReadRun(ctx.caller, run)) throw new EngineHttpError(404, "Run not found");
  return run;
}

async function sendRetrieve(ctx: RouteContext, run: RunRow): Promise<void> {
  const q = ctx.core.pool;
  const parent = run.parent_run_id ? await getRunByFriendlyId(q, run.parent_run_id) : undefined;
  const root = run.root_run_id ? await getRunByFriendlyId(q, run.root_run_id) : undefined;
  const kids = await q.query<RunRow>(
    "SELECT * FROM trigger_engine.runs WHERE parent_run_id = $1 ORDER BY created_at LIMIT 100",
    [run.friendly_id],
  );
  const payload = await loadStoredPacket(ctx, run.payload, run.payload_type);
  const output = await loadStoredPacket(ctx, run.output, run.output_type);
  const resolved = {
    ...run,
    payload: payload.data,
    payload_type: payload.dataType ?? run.payload_type,
    output: output.data,
    output_type: output.dataType,
  };
  const body = await presentRun(resolved, { parent, root, children: kids.rows });
  sendJson(ctx.res, 200, body, RetrieveRunResponse);
}

/** Cancels a run and its unfinished descendants; a no-op on finished runs. */
export async function cancelRun(ctx: RouteContext, friendlyId: string): Promise<void> {
  const now = ctx.core.clock.now();
  const canceled = await inTx(ctx.core.pool, async (c) => {
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
    ctx.cancelLocal(id);
    dropParked(ctx.core, id);
  }
  ctx.core.wake();
}

const STATUS_FILTER: Record<string, string[]> = {
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

async function listRuns(ctx: RouteContext): Promise<void> {
  const p = ctx.url.searchParams;
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replace("?", `$${args.length}`));
  };
  const csv = (k: string) => (p.get(k) ?? "").split(",").filter(Boolean);
  if (csv("filter[status]").length)
    add(
      "status = ANY(?)",
      csv("filter[status]").flatMap((s) => STATUS_FILTER[s] ?? []),
    );
  if (csv("filter[tag]").length) add("tags && ?", csv("filter[tag]"));
  if (csv("filter[taskIdentifier]").length) add("task_identifier = ANY(?)", csv("filter[taskIdentifier]"));
  if (p.get("filter[batch]")) add("batch_id = ?", p.get("filter[batch]"));
  if (csv("filter[queue]").length) add("queue = ANY(?)", csv("filter[queue]"));
  if (p.get("filter[schedule]"))
    add(
      "friendly_id IN (SELECT run_id FROM trigger_engine.schedule_slots WHERE schedule_id = ?)",
      p.get("filter[schedule]"),
    );
  const isTest = p.get("filter[isTest]");
  if (isTest === "true" || isTest === "false") add("is_test = ?", isTest === "true");
  // Every run here is of one version ("embedded"), has no machine preset or region and belongs to
  // no bulk action: a filter on those matches all runs or none, never silently every run.
  const versions = csv("filter[version]");
  const matchesNothing =
    (versions.length > 0 && !versions.includes(EMBEDDED_VERSION)) ||
    ["filter[machine]", "filter[region]", "filter[bulkAction]"].some((k) => csv(k).length > 0);
  if (matchesNothing) where.push("false");
  const from = p.get("filter[createdAt][from]");
  if (from) add("created_at >= ?", new Date(Number(from) || from));
  const to = p.get("filter[createdAt][to]");
  if (to) add("created_at <= ?", new Date(Number(to) || to));
  const period = p.get("filter[createdAt][period]");
  if (period)
    add(
      "created_at >= ?",
      new Date(2 * ctx.core.clock.nowMs() - (resolveDate(period, ctx.core.clock.nowMs())?.getTime() ?? 0)),
    );
  const after = p.get("page[after]");
  if (after)
    add("(created_at, id) < (SELECT created_at, id FROM trigger_engine.runs WHERE friendly_id = ?)", after);
  const size = Math.min(Math.max(Number(p.get("page[size]") ?? 25) || 25, 1), 100);
  const res = await ctx.core.pool.query<RunRow>(
    `SELECT * FROM trigger_engine.runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY created_at DESC, id DESC LIMIT ${size + 1}`,
    args,
  );
  const rows = res.rows.filter((r) => canReadRun(ctx.caller, r));
  const page = rows.slice(0, size);
  const next = rows.length > size ? page[page.length - 1]?.friendly_id : undefined;
  sendJson(
    ctx.res,
    200,
    { data: page.map(presentListItem), pagination: next ? { next } : {} },
    ListRunResponse,
  );
}

const runRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/api\/v[13]\/runs\/([^/]+)$/,
    handler: async (ctx) => sendRetrieve(ctx, await loadRun(ctx, ctx.params[0]!)),
  },
  { method: "GET", pattern: /^\/api\/v1\/runs$/, handler: listRuns },
  {
    method: "POST",
    pattern: /^\/api\/v[12]\/runs\/([^/]+)\/cancel$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const run = await loadRun(ctx, ctx.params[0]!);
      await cancelRun(ctx, run.friendly_id);
      sendJson(ctx.res, 200, { id: run.friendly_id }, CanceledRunResponse);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/runs\/([^/]+)\/reschedule$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const body = await readJson(ctx.req, RescheduleRunRequestBody);
      const run = await loadRun(ctx, ctx.params[0]!);
      if (run.status !== "DELAYED") throw new EngineHttpError(400, "Only delayed runs can be rescheduled");
      const at = resolveDate(body.delay, ctx.core.clock.nowMs());
      if (!at) throw new EngineHttpError(400, "Invalid delay");
      const res = await ctx.core.pool.query<RunRow>(
        `UPDATE trigger_engine.runs SET delay_until = $2, available_at = $2, updated_at = $3 WHERE id = $1 RETURNING *`,
        [run.id, at, ctx.core.clock.now()],
      );
      await sendRetrieve(ctx, res.rows[0]!);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/runs\/([^/]+)\/replay$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const body = await readJson(ctx.req, ReplayRunRequestBody.or(z.object({}).strict()));
      const run = await loadRun(ctx, ctx.params[0]!);
      const b = body as z.infer<typeof ReplayRunRequestBody>;
      const created = await inTx(ctx.core.pool, (c) =>
        insertRun(ctx.core, c, {
          taskId: run.task_identifier,
          payload: b.payload !== undefined ? b.payload : run.payload,
          // The original run's options, each replaced by the one the body gives (`runs.replay`).
          options: {
            payloadType: b.payload !== undefined ? (b.payloadType ?? "application/json") : run.payload_type,
            tags: b.tags ?? run.tags,
            metadata: b.metadata ?? run.metadata ?? undefined,
            queue: { name: b.queue ?? run.queue },
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
            ...((b.concurrencyKey ?? run.concurrency_key)
              ? { concurrencyKey: b.concurrencyKey ?? run.concurrency_key! }
              : {}),
            // The named limits the run held (not its task's inline one, which every run holds).
            ...(run.limits
              ? {
                  concurrency: run.limits.filter(
                    (n) => ctx.core.project.concurrencyLimits.has(n) && !n.startsWith("task/"),
                  ),
                }
              : {}),
          },
        }),
      );
      ctx.core.wake();
      sendJson(ctx.res, 200, { id: created.run.friendly_id }, ReplayRunResponse);
    },
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/runs\/([^/]+)\/metadata$/,
    handler: async (ctx) => {
      const run = await loadRun(ctx, ctx.params[0]!);
      sendJson(ctx.res, 200, { metadata: run.metadata ?? {} }, UpdateMetadataResponseBody);
    },
  },
  {
    method: "PUT",
    pattern: /^\/api\/v1\/runs\/([^/]+)\/metadata$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const body = await readJson(ctx.req, UpdateMetadataRequestBody);
      const now = ctx.core.clock.now();
      const metadata = await flushRunMetadata(ctx.core.pool, ctx.params[0]!, body, now);
      if (!metadata) throw new EngineHttpError(404, "Run not found");
      sendJson(ctx.res, 200, { metadata }, UpdateMetadataResponseBody);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/auth\/jwt\/claims$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      // A fresh `jti` per token: the SDK signs claims locally, so without one two one-time trigger
      // tokens minted in the same second would be the same token (and the second already spent).
      sendJson(ctx.res, 200, { sub: "env_embedded", pub: true, jti: randomId() });
    },
  },
];

export { runRoutes };
