import {
  ConcurrencyLimitItem,
  ConcurrencyLimitKeyItem,
  OverrideConcurrencyLimitRequestBody,
  ResetConcurrencyLimitRequestBody,
} from "@trigger.dev/core/v3";
import { z } from "zod";
import { type LimitShape, type LimitState, limitId, NO_STATE, readLimitState } from "../core/concurrency.js";
import { EngineHttpError } from "../core/core.js";
import { READY } from "../core/dequeue.js";
import { parsePeriodMs } from "../core/ids.js";
import { requireSecret } from "./auth.js";
import { offsetPage, offsetPagination, readJson, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// `concurrencyLimits.list/retrieve/override/reset/pause/resume`: the project's named limits and
// its tasks' inline ones (`task/<taskId>`), with what executes and waits under each. Declared
// bounds come from the task files; overrides and pauses are rows every engine process reads at
// its next claim (core/concurrency.ts).

const DAY_MS = 24 * 3600 * 1000;
const KEY_OVERRIDE_DEFAULT_MS = 7 * DAY_MS;
const KEY_OVERRIDE_MAX_MS = 30 * DAY_MS;

const PauseBody = z.object({ action: z.enum(["pause", "resume"]) });

function declaredShape(ctx: RouteContext, name: string): LimitShape {
  requireSecret(ctx.caller);
  const shape = ctx.core.project.concurrencyLimits.get(name);
  if (!shape) throw new EngineHttpError(404, `Concurrency limit not found: ${name}`);
  return shape;
}

const bound = (base: number | undefined, override: number | null, at: Date | null) => ({
  current: override ?? base ?? null,
  base: base ?? null,
  override,
  overriddenAt: override === null ? null : at,
});

/** Executing and queued runs holding each of `names`. */
async function usage(
  ctx: RouteContext,
  names: string[],
): Promise<Map<string, { running: number; queued: number }>> {
  const res = await ctx.core.pool.query<{ name: string; running: number; queued: number }>(
    `SELECT l AS name, count(*) FILTER (WHERE r.status = 'EXECUTING')::int AS running,
       count(*) FILTER (WHERE r.available_at IS NOT NULL AND r.status = ANY($2))::int AS queued
     FROM trigger_engine.runs r CROSS JOIN LATERAL unnest(r.limits) l
     WHERE r.limits && $1 AND (r.status = 'EXECUTING' OR (r.available_at IS NOT NULL AND r.status = ANY($2)))
       AND l = ANY($1)
     GROUP BY 1`,
    [names, READY],
  );
  return new Map(res.rows.map((r) => [r.name, r]));
}

function item(
  name: string,
  shape: LimitShape,
  state: LimitState,
  use: { running: number; queued: number } | undefined,
) {
  return {
    id: limitId(name),
    name,
    perKey: bound(shape.perKey, state.per_key_override, state.overridden_at),
    total: bound(shape.total, state.total_override, state.overridden_at),
    running: use?.running ?? 0,
    queued: use?.queued ?? 0,
    paused: state.paused,
  };
}

async function limitItem(ctx: RouteContext, name: string) {
  const shape = declaredShape(ctx, name);
  const [state, use] = await Promise.all([readLimitState(ctx.core.pool, name), usage(ctx, [name])]);
  return item(name, shape, state, use.get(name));
}

async function keyItem(ctx: RouteContext, name: string, key: string) {
  const shape = declaredShape(ctx, name);
  const state = await readLimitState(ctx.core.pool, name);
  const [row, running] = await Promise.all([
    ctx.core.pool.query<{ per_key: number; expires_at: Date }>(
      `SELECT per_key, expires_at FROM trigger_engine.concurrency_limit_keys
       WHERE name = $1 AND concurrency_key = $2 AND expires_at > $3`,
      [name, key, ctx.core.clock.now()],
    ),
    ctx.core.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM trigger_engine.runs
       WHERE status = 'EXECUTING' AND limits @> ARRAY[$1] AND concurrency_key = $2`,
      [name, key],
    ),
  ]);
  const base = state.per_key_override ?? shape.perKey ?? null;
  const override = row.rows[0]?.per_key ?? null;
  return {
    name,
    concurrencyKey: key,
    perKey: { current: override ?? base, base, override, expiresAt: row.rows[0]?.expires_at ?? null },
    running: running.rows[0]?.n ?? 0,
    paused: state.paused,
  };
}

function keyOverrideMs(ttl: string | number | undefined): number {
  if (ttl === undefined) return KEY_OVERRIDE_DEFAULT_MS;
  const ms = typeof ttl === "number" ? ttl * 1000 : parsePeriodMs(ttl);
  if (!ms || ms <= 0)
    throw new EngineHttpError(400, `Invalid ttl: ${String(ttl)} (a duration such as "7d", or seconds)`);
  if (ms > KEY_OVERRIDE_MAX_MS) throw new EngineHttpError(400, "A per-key override lasts at most 30 days");
  return ms;
}

async function override(ctx: RouteContext): Promise<void> {
  const name = ctx.params[0]!;
  declaredShape(ctx, name);
  const body = await readJson(ctx.req, OverrideConcurrencyLimitRequestBody);
  const now = ctx.core.clock.now();
  if (body.concurrencyKey !== undefined) {
    const expires = new Date(now.getTime() + keyOverrideMs(body.ttl));
    await ctx.core.pool.query(
      `WITH gone AS (DELETE FROM trigger_engine.concurrency_limit_keys WHERE name = $1 AND expires_at <= $5)
       INSERT INTO trigger_engine.concurrency_limit_keys (name, concurrency_key, per_key, expires_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (name, concurrency_key) DO UPDATE SET per_key = $3, expires_at = $4`,
      [name, body.concurrencyKey, body.perKey, expires, now],
    );
    ctx.core.wake();
    sendJson(ctx.res, 200, await keyItem(ctx, name, body.concurrencyKey), ConcurrencyLimitKeyItem);
    return;
  }
  // Only the given bounds change; the other keeps its override, if any.
  await ctx.core.pool.query(
    `INSERT INTO trigger_engine.concurrency_limits (name, per_key_override, total_override, overridden_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET
       per_key_override = coalesce($2, concurrency_limits.per_key_override),
       total_override = coalesce($3, concurrency_limits.total_override), overridden_at = $4`,
    [name, body.perKey ?? null, body.total ?? null, now],
  );
  ctx.core.wake();
  sendJson(ctx.res, 200, await limitItem(ctx, name), ConcurrencyLimitItem);
}

async function reset(ctx: RouteContext): Promise<void> {
  const name = ctx.params[0]!;
  declaredShape(ctx, name);
  const body = await readJson(ctx.req, ResetConcurrencyLimitRequestBody);
  if (body.concurrencyKey !== undefined) {
    await ctx.core.pool.query(
      "DELETE FROM trigger_engine.concurrency_limit_keys WHERE name = $1 AND concurrency_key = $2",
      [name, body.concurrencyKey],
    );
    ctx.core.wake();
    sendJson(ctx.res, 200, await keyItem(ctx, name, body.concurrencyKey), ConcurrencyLimitKeyItem);
    return;
  }
  // The declared bounds again; a pause stays (resume ends it).
  await ctx.core.pool.query(
    `UPDATE trigger_engine.concurrency_limits SET per_key_override = NULL, total_override = NULL, overridden_at = NULL
     WHERE name = $1`,
    [name],
  );
  ctx.core.wake();
  sendJson(ctx.res, 200, await limitItem(ctx, name), ConcurrencyLimitItem);
}

async function pause(ctx: RouteContext): Promise<void> {
  const name = ctx.params[0]!;
  declaredShape(ctx, name);
  const body = await readJson(ctx.req, PauseBody);
  await ctx.core.pool.query(
    `INSERT INTO trigger_engine.concurrency_limits (name, paused) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET paused = $2`,
    [name, body.action === "pause"],
  );
  if (body.action === "resume") ctx.core.wake();
  sendJson(ctx.res, 200, await limitItem(ctx, name), ConcurrencyLimitItem);
}

async function list(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const p = offsetPage(ctx.url);
  const all = [...ctx.core.project.concurrencyLimits.keys()].sort();
  const names = all.slice(p.offset, p.offset + p.perPage);
  const [states, use] = await Promise.all([
    ctx.core.pool.query<LimitState & { name: string }>(
      "SELECT * FROM trigger_engine.concurrency_limits WHERE name = ANY($1)",
      [names],
    ),
    usage(ctx, names),
  ]);
  const stateOf = new Map(states.rows.map((s) => [s.name, s]));
  sendJson(ctx.res, 200, {
    data: names.map((n) =>
      item(n, ctx.core.project.concurrencyLimits.get(n)!, stateOf.get(n) ?? NO_STATE, use.get(n)),
    ),
    pagination: offsetPagination(p, all.length),
  });
}

async function retrieve(ctx: RouteContext): Promise<void> {
  const name = ctx.params[0]!;
  const key = ctx.url.searchParams.get("concurrencyKey");
  if (key !== null) {
    if (key.length === 0 || key.length > 128)
      throw new EngineHttpError(400, "concurrencyKey must be 1-128 characters");
    sendJson(ctx.res, 200, await keyItem(ctx, name, key), ConcurrencyLimitKeyItem);
    return;
  }
  sendJson(ctx.res, 200, await limitItem(ctx, name), ConcurrencyLimitItem);
}

const LIMIT = "/api/v1/concurrency-limits";
export const concurrencyRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`^${LIMIT}$`), handler: list },
  { method: "GET", pattern: new RegExp(`^${LIMIT}/([^/]+)$`), handler: retrieve },
  { method: "POST", pattern: new RegExp(`^${LIMIT}/([^/]+)/override$`), handler: override },
  { method: "POST", pattern: new RegExp(`^${LIMIT}/([^/]+)/reset$`), handler: reset },
  { method: "POST", pattern: new RegExp(`^${LIMIT}/([^/]+)/pause$`), handler: pause },
];
