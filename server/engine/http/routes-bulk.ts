import {
  AbortBulkActionResponseBody,
  BulkActionObject,
  CreateBulkActionRequestBody,
  CreateBulkActionResponseBody,
} from "@trigger.dev/core/v3";
import type { z } from "zod";
import { type BulkActionRow, createBulkAction } from "../core/bulk-actions.js";
import { EngineHttpError } from "../core/core.js";
import type { RunFilter } from "../core/run-ops.js";
import { requireSecret } from "./auth.js";
import { readJson, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// `runs.bulk.cancel/replay/retrieve/list/abort` (`poll` is the SDK retrieving until done). The
// work itself is core/bulk-actions.ts.

type Body = z.infer<typeof CreateBulkActionRequestBody>;
type Filter = NonNullable<Body["filter"]>;

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const date = (v: Date | number | undefined) => (v === undefined ? undefined : new Date(v));

/** The body's filter as a run filter: queues named as the engine names them (`task/<id>`). */
function toRunFilter(f: Filter): RunFilter {
  return {
    status: list(f.status),
    tag: list(f.tag),
    taskIdentifier: list(f.taskIdentifier),
    batch: f.batch,
    queue: list(f.queue).map((q) => (q.type === "task" ? `task/${q.name}` : q.name)),
    schedule: f.schedule,
    isTest: f.isTest,
    version: list(f.version),
    machine: list(f.machine),
    region: list(f.region),
    bulkAction: list(f.bulkAction),
    from: date(f.from),
    to: date(f.to),
    period: f.period,
  };
}

function present(a: BulkActionRow) {
  return {
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    type: a.type,
    status: a.status,
    counts: { total: a.total, success: a.success, failure: a.failure },
    createdAt: a.created_at,
    ...(a.completed_at ? { completedAt: a.completed_at } : {}),
  };
}

async function load(ctx: RouteContext): Promise<BulkActionRow> {
  requireSecret(ctx.caller);
  const res = await ctx.core.pool.query<BulkActionRow>(
    "SELECT * FROM trigger_engine.bulk_actions WHERE id = $1",
    [ctx.params[0]],
  );
  if (!res.rows[0]) throw new EngineHttpError(404, "Bulk action not found");
  return res.rows[0];
}

async function create(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, CreateBulkActionRequestBody);
  if (body.action === "replay" && body.targetRegion)
    throw new EngineHttpError(400, "targetRegion does not apply: the embedded engine has one region");
  const action = await createBulkAction(
    ctx.core,
    body.action === "cancel" ? "CANCEL" : "REPLAY",
    body.name,
    body.runIds ? { runIds: body.runIds } : { filter: toRunFilter(body.filter!) },
  );
  ctx.core.bulk?.kick();
  sendJson(ctx.res, 200, { id: action.id }, CreateBulkActionResponseBody);
}

async function listActions(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const p = ctx.url.searchParams;
  const size = Math.min(Math.max(Number(p.get("page[size]") ?? 25) || 25, 1), 100);
  const after = p.get("page[after]");
  const before = p.get("page[before]");
  // Newest first; `after` pages towards older actions, `before` back towards newer ones.
  const res = before
    ? await ctx.core.pool.query<BulkActionRow>(
        `SELECT * FROM (SELECT * FROM trigger_engine.bulk_actions
           WHERE (created_at, id) > (SELECT created_at, id FROM trigger_engine.bulk_actions WHERE id = $1)
           ORDER BY created_at, id LIMIT $2) t ORDER BY created_at DESC, id DESC`,
        [before, size + 1],
      )
    : await ctx.core.pool.query<BulkActionRow>(
        `SELECT * FROM trigger_engine.bulk_actions
         ${after ? "WHERE (created_at, id) < (SELECT created_at, id FROM trigger_engine.bulk_actions WHERE id = $2)" : ""}
         ORDER BY created_at DESC, id DESC LIMIT $1`,
        after ? [size + 1, after] : [size + 1],
      );
  const more = res.rows.length > size;
  const page = before ? res.rows.slice(more ? 1 : 0) : res.rows.slice(0, size);
  const next = page.length > 0 && (before || more) ? page[page.length - 1]!.id : undefined;
  const previous = page.length > 0 && (after || (before && more)) ? page[0]!.id : undefined;
  sendJson(ctx.res, 200, {
    data: page.map(present),
    pagination: { ...(next ? { next } : {}), ...(previous ? { previous } : {}) },
  });
}

async function abort(ctx: RouteContext): Promise<void> {
  const action = await load(ctx);
  if (action.status !== "PENDING")
    throw new EngineHttpError(400, `Bulk action is already ${action.status.toLowerCase()}`);
  await ctx.core.pool.query(
    "UPDATE trigger_engine.bulk_actions SET status = 'ABORTED', completed_at = $2 WHERE id = $1 AND status = 'PENDING'",
    [action.id, ctx.core.clock.now()],
  );
  sendJson(ctx.res, 200, { id: action.id }, AbortBulkActionResponseBody);
}

export const bulkRoutes: Route[] = [
  { method: "POST", pattern: /^\/api\/v1\/bulk-actions$/, handler: create },
  { method: "GET", pattern: /^\/api\/v1\/bulk-actions$/, handler: listActions },
  {
    method: "GET",
    pattern: /^\/api\/v1\/bulk-actions\/([^/]+)$/,
    handler: async (ctx) => sendJson(ctx.res, 200, present(await load(ctx)), BulkActionObject),
  },
  { method: "POST", pattern: /^\/api\/v1\/bulk-actions\/([^/]+)\/abort$/, handler: abort },
];
