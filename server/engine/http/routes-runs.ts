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
import { getRunByFriendlyId, type RunRow } from "../core/db.js";
import { randomId, resolveDate } from "../core/ids.js";
import { flushRunMetadata } from "../core/metadata.js";
import { cancelRunTree, type ReplayBody, type RunFilter, replayRun, runFilterSql } from "../core/run-ops.js";
import { canReadRun, requireSecret } from "./auth.js";
import { readJson, sendJson } from "./io.js";
import { presentListItem, presentRun } from "./present.js";
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

/** `runs.list`'s query string as a run filter. */
function listFilter(p: URLSearchParams): RunFilter {
  const csv = (k: string) => (p.get(k) ?? "").split(",").filter(Boolean);
  const isTest = p.get("filter[isTest]");
  const from = p.get("filter[createdAt][from]");
  const to = p.get("filter[createdAt][to]");
  return {
    status: csv("filter[status]"),
    tag: csv("filter[tag]"),
    taskIdentifier: csv("filter[taskIdentifier]"),
    batch: p.get("filter[batch]") ?? undefined,
    queue: csv("filter[queue]"),
    schedule: p.get("filter[schedule]") ?? undefined,
    isTest: isTest === "true" ? true : isTest === "false" ? false : undefined,
    version: csv("filter[version]"),
    machine: csv("filter[machine]"),
    region: csv("filter[region]"),
    bulkAction: csv("filter[bulkAction]"),
    from: from ? new Date(Number(from) || from) : undefined,
    to: to ? new Date(Number(to) || to) : undefined,
    period: p.get("filter[createdAt][period]") ?? undefined,
  };
}

async function listRuns(ctx: RouteContext): Promise<void> {
  const p = ctx.url.searchParams;
  const { where, args } = runFilterSql(listFilter(p), ctx.core.clock.nowMs());
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replace("?", `$${args.length}`));
  };
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
      await cancelRunTree(ctx.core, ctx.cancelLocal, run.friendly_id);
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
      const created = await replayRun(ctx.core, run, body as ReplayBody);
      sendJson(ctx.res, 200, { id: created.friendly_id }, ReplayRunResponse);
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
