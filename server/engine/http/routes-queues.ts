import { QueueItem, RetrieveQueueType } from "@trigger.dev/core/v3";
import { z } from "zod";
import { EngineHttpError } from "../core/core.js";
import { READY } from "../core/dequeue.js";
import { nameId } from "../core/ids.js";
import { QUEUES_CHANNEL } from "../core/queue-settings.js";
import { requireSecret } from "./auth.js";
import { offsetPage, offsetPagination, readJson, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// `queues.list/retrieve/pause/resume/overrideConcurrencyLimit/resetConcurrencyLimit`: the queues
// the project declares (a task's own `task/<id>`, custom ones), with what executes and waits in
// each. V1 queues, as the engine runs them: `concurrencyLimit` applies per concurrencyKey when
// runs pass one. Overrides and pauses are rows (`queue_settings`); every engine process applies
// them from its next claim (core/queue-settings.ts).

const queueId = (name: string) => nameId("queue", name);

const PauseBody = z.object({ type: RetrieveQueueType.optional(), action: z.enum(["pause", "resume"]) });
const OverrideBody = z.object({
  type: RetrieveQueueType.optional(),
  concurrencyLimit: z.number().int().min(0).max(100_000),
});
const ResetBody = z.object({ type: RetrieveQueueType.optional() });

/**
 * The queue a URL names: by id (`queue_…`), or by type and name (a task's queue by its task id).
 * The SDK encodes a name's slashes before encoding the whole, so one `%2F` is left after routing.
 */
function queueOf(ctx: RouteContext, type: string | null | undefined): string {
  requireSecret(ctx.caller);
  const value = ctx.params[0]!.replace(/%2F/gi, "/");
  const declared = ctx.core.project.queues;
  const kind = type ?? "id";
  const name =
    kind === "id"
      ? [...declared.keys()].find((n) => queueId(n) === value)
      : kind === "task"
        ? `task/${value}`
        : kind === "custom"
          ? value
          : undefined;
  if (kind !== "id" && kind !== "task" && kind !== "custom")
    throw new EngineHttpError(400, "type must be id, task or custom");
  if (!name || !declared.has(name) || (kind !== "id" && declared.get(name) !== kind))
    throw new EngineHttpError(404, `Queue not found: ${value}`);
  return name;
}

async function counts(ctx: RouteContext, names: string[]) {
  const res = await ctx.core.pool.query<{ queue: string; running: number; queued: number }>(
    `SELECT queue, count(*) FILTER (WHERE status = 'EXECUTING')::int AS running,
       count(*) FILTER (WHERE available_at IS NOT NULL AND status = ANY($2))::int AS queued
     FROM trigger_engine.runs
     WHERE queue = ANY($1) AND (status = 'EXECUTING' OR (available_at IS NOT NULL AND status = ANY($2)))
     GROUP BY queue`,
    [names, READY],
  );
  return new Map(res.rows.map((r) => [r.queue, r]));
}

function item(ctx: RouteContext, name: string, use: { running: number; queued: number } | undefined) {
  const q = ctx.core.queues;
  const setting = q.setting(name);
  const override = setting?.concurrency_override ?? null;
  const current = q.limit(name) ?? null;
  return {
    id: queueId(name),
    name,
    type: ctx.core.project.queues.get(name)!,
    running: use?.running ?? 0,
    queued: use?.queued ?? 0,
    paused: q.isPaused(name),
    concurrencyLimit: current,
    version: "V1" as const,
    concurrency: {
      current,
      base: q.declaredLimit(name) ?? null,
      override,
      overriddenAt: override === null ? null : (setting?.overridden_at ?? null),
      overriddenBy: null,
    },
  };
}

async function sendQueue(ctx: RouteContext, name: string): Promise<void> {
  sendJson(ctx.res, 200, item(ctx, name, (await counts(ctx, [name])).get(name)), QueueItem);
}

/** Writes a setting, tells every engine (this one at once), and wakes the claim. */
async function change(ctx: RouteContext, sql: string, values: unknown[]): Promise<void> {
  await ctx.core.pool.query(sql, values);
  await ctx.core.pool.query("SELECT pg_notify($1, '')", [QUEUES_CHANNEL]);
  await ctx.core.queues.reload(ctx.core.pool);
  ctx.core.wake();
}

const routes: Route[] = [
  {
    method: "GET",
    pattern: /^\/api\/v1\/queues$/,
    handler: async (ctx) => {
      requireSecret(ctx.caller);
      const p = offsetPage(ctx.url);
      const all = [...ctx.core.project.queues.keys()].sort();
      const names = all.slice(p.offset, p.offset + p.perPage);
      const use = await counts(ctx, names);
      sendJson(ctx.res, 200, {
        data: names.map((n) => item(ctx, n, use.get(n))),
        pagination: offsetPagination(p, all.length),
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/api\/v1\/queues\/([^/]+)$/,
    handler: async (ctx) => sendQueue(ctx, queueOf(ctx, ctx.url.searchParams.get("type"))),
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/queues\/([^/]+)\/pause$/,
    handler: async (ctx) => {
      const body = await readJson(ctx.req, PauseBody);
      const name = queueOf(ctx, body.type);
      await change(
        ctx,
        `INSERT INTO trigger_engine.queue_settings (name, paused) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET paused = $2`,
        [name, body.action === "pause"],
      );
      await sendQueue(ctx, name);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/queues\/([^/]+)\/concurrency\/override$/,
    handler: async (ctx) => {
      const body = await readJson(ctx.req, OverrideBody);
      const name = queueOf(ctx, body.type);
      await change(
        ctx,
        `INSERT INTO trigger_engine.queue_settings (name, concurrency_override, overridden_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET concurrency_override = $2, overridden_at = $3`,
        [name, body.concurrencyLimit, ctx.core.clock.now()],
      );
      await sendQueue(ctx, name);
    },
  },
  {
    method: "POST",
    pattern: /^\/api\/v1\/queues\/([^/]+)\/concurrency\/reset$/,
    handler: async (ctx) => {
      const body = await readJson(ctx.req, ResetBody);
      const name = queueOf(ctx, body.type);
      await change(
        ctx,
        "UPDATE trigger_engine.queue_settings SET concurrency_override = NULL, overridden_at = NULL WHERE name = $1",
        [name],
      );
      await sendQueue(ctx, name);
    },
  },
];

export const queueRoutes = routes;
