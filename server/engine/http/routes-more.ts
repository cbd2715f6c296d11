import { AddTagsRequestBody, WaitpointListTokenItem } from "@trigger.dev/core/v3";
import { z } from "zod";
import { EngineHttpError } from "../core/core.js";
import type { WaitpointRow } from "../core/db.js";
import { resolveDate } from "../core/ids.js";
import { requireSecret } from "./auth.js";
import { readJson, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// Trigger.dev's limit: a run carries at most 10 tags; extra ones are dropped, not an error.
const MAX_TAGS = 10;

/** `tags.add` inside a run (or from the backend): merges, keeps order, ignores duplicates. */
async function addTags(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, AddTagsRequestBody);
  const tags = (Array.isArray(body.tags) ? body.tags : [body.tags]).filter((t) => t.length > 0);
  const res = await ctx.core.pool.query(
    `UPDATE trigger_engine.runs SET tags = (
       SELECT coalesce(array_agg(t ORDER BY ord), '{}') FROM (
         SELECT t, min(ord) AS ord FROM unnest(tags || $2::text[]) WITH ORDINALITY AS u(t, ord) GROUP BY t
         ORDER BY min(ord) LIMIT $3) kept),
       updated_at = $4
     WHERE friendly_id = $1`,
    [ctx.params[0], tags, MAX_TAGS, ctx.core.clock.now()],
  );
  if (res.rowCount === 0) throw new EngineHttpError(404, "Run not found");
  sendJson(ctx.res, 200, { message: `Successfully set ${tags.length} new tags.` });
}

const STATUSES = new Set(["WAITING", "COMPLETED", "TIMED_OUT"]);
const ListPage = z.object({ data: z.array(WaitpointListTokenItem), pagination: z.object({}).passthrough() });

/** `wait.listTokens`: the environment's waitpoint tokens, newest first, with the SDK's filters. */
async function listTokens(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const p = ctx.url.searchParams;
  const where = ["type = 'MANUAL'"];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replace("?", `$${args.length}`));
  };
  const csv = (k: string) => (p.get(k) ?? "").split(",").filter(Boolean);
  const statuses = csv("filter[status]").filter((s) => STATUSES.has(s));
  if (statuses.length) add("status = ANY(?)", statuses);
  if (p.get("filter[idempotencyKey]")) add("idempotency_key = ?", p.get("filter[idempotencyKey]"));
  if (csv("filter[tags]").length) add("tags && ?", csv("filter[tags]"));
  const date = (v: string) => {
    const d = new Date(Number(v) || v);
    if (Number.isNaN(d.getTime())) throw new EngineHttpError(400, "Invalid date filter");
    return d;
  };
  const from = p.get("filter[createdAt][from]");
  if (from) add("created_at >= ?", date(from));
  const to = p.get("filter[createdAt][to]");
  if (to) add("created_at <= ?", date(to));
  const period = p.get("filter[createdAt][period]");
  if (period) {
    const now = ctx.core.clock.nowMs();
    const ahead = resolveDate(period, now);
    if (!ahead) throw new EngineHttpError(400, "Invalid period");
    add("created_at >= ?", new Date(2 * now - ahead.getTime()));
  }
  const after = p.get("page[after]");
  if (after)
    add("(created_at, id) < (SELECT created_at, id FROM trigger_engine.waitpoints WHERE id = ?)", after);
  const size = Math.min(Math.max(Number(p.get("page[size]") ?? 25) || 25, 1), 100);
  const res = await ctx.core.pool.query<WaitpointRow>(
    `SELECT * FROM trigger_engine.waitpoints WHERE ${where.join(" AND ")}
     ORDER BY created_at DESC, id DESC LIMIT ${size + 1}`,
    args,
  );
  const page = res.rows.slice(0, size);
  const next = res.rows.length > size ? page[page.length - 1]?.id : undefined;
  const data = page.map((wp) => ({
    id: wp.id,
    url: `${ctx.core.apiUrl()}/api/v1/waitpoints/tokens/${wp.id}/callback/${wp.callback_secret}`,
    status: wp.status,
    ...(wp.completed_at ? { completedAt: wp.completed_at } : {}),
    ...(wp.timeout_at ? { timeoutAt: wp.timeout_at } : {}),
    ...(wp.idempotency_key ? { idempotencyKey: wp.idempotency_key } : {}),
    ...(wp.idempotency_key_expires_at ? { idempotencyKeyExpiresAt: wp.idempotency_key_expires_at } : {}),
    tags: wp.tags,
    createdAt: wp.created_at,
  }));
  sendJson(ctx.res, 200, { data, pagination: next ? { next } : {} }, ListPage);
}

export const moreRoutes: Route[] = [
  { method: "POST", pattern: /^\/api\/v1\/runs\/([^/]+)\/tags$/, handler: addTags },
  { method: "GET", pattern: /^\/api\/v1\/waitpoints\/tokens$/, handler: listTokens },
];
