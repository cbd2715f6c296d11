import {
  CreateScheduleOptions,
  DeletedScheduleObject,
  ListSchedulesResult,
  ScheduleObject,
  UpdateScheduleOptions,
} from "@trigger.dev/core/v3";
import { Cron } from "croner";
import type { EngineCore } from "../core/core.js";
import { EngineHttpError } from "../core/core.js";
import { randomId } from "../core/ids.js";
import type { ScheduleRow } from "../core/scheduler.js";
import { taskOf } from "../core/trigger.js";
import { requireSecret } from "./auth.js";
import { offsetPage, offsetPagination, readJson, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// Imperative schedules (`schedules.create/list/retrieve/update/del/activate/deactivate`). Their
// runs are fired by the same tick as declarative ones (scheduler.ts). Declarative schedules are
// listed too, but are changed only in code, as on Trigger.dev.

function checkCron(expression: string, timezone: string): Cron {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new EngineHttpError(400, `Unknown timezone: ${timezone}`);
  }
  try {
    return new Cron(expression, { timezone, paused: true });
  } catch {
    throw new EngineHttpError(400, `Invalid cron expression: ${expression}`);
  }
}

function present(core: EngineCore, s: ScheduleRow) {
  const next = s.active ? checkCron(s.cron, s.timezone).nextRun(core.clock.now()) : null;
  return {
    id: s.id,
    type: s.type,
    task: s.task_identifier,
    active: s.active,
    deduplicationKey: s.deduplication_key,
    externalId: s.external_id,
    generator: { type: "CRON" as const, expression: s.cron, description: "" },
    timezone: s.timezone,
    nextRun: next,
    environments: [{ id: "env_embedded", type: "DEVELOPMENT" }],
  };
}

async function load(ctx: RouteContext): Promise<ScheduleRow> {
  requireSecret(ctx.caller);
  const res = await ctx.core.pool.query<ScheduleRow>("SELECT * FROM trigger_engine.schedules WHERE id = $1", [
    ctx.params[0],
  ]);
  if (!res.rows[0]) throw new EngineHttpError(404, "Schedule not found");
  return res.rows[0];
}

function imperative(s: ScheduleRow): void {
  if (s.type !== "IMPERATIVE")
    throw new EngineHttpError(400, "Declarative schedules are defined in code (schedules.task({ cron }))");
}

function checkTask(core: EngineCore, taskId: string): void {
  const task = taskOf(core, taskId);
  if (!task.scheduled)
    throw new EngineHttpError(400, `Task ${taskId} is not a scheduled task (schedules.task)`);
}

async function create(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const body = await readJson(ctx.req, CreateScheduleOptions);
  const timezone = body.timezone ?? "UTC";
  checkTask(ctx.core, body.task);
  checkCron(body.cron, timezone);
  // The deduplication key names the schedule: creating it again updates it.
  const res = await ctx.core.pool.query<ScheduleRow>(
    `INSERT INTO trigger_engine.schedules (id, task_identifier, cron, timezone, created_at, type, active, deduplication_key, external_id)
     VALUES ($1, $2, $3, $4, $5, 'IMPERATIVE', true, $6, $7)
     ON CONFLICT (deduplication_key) WHERE deduplication_key IS NOT NULL
     DO UPDATE SET task_identifier = $2, cron = $3, timezone = $4, external_id = $7
     RETURNING *`,
    [
      `sched_${randomId()}`,
      body.task,
      body.cron,
      timezone,
      ctx.core.clock.now(),
      body.deduplicationKey,
      body.externalId ?? null,
    ],
  );
  sendJson(ctx.res, 200, present(ctx.core, res.rows[0]!), ScheduleObject);
}

async function list(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const p = offsetPage(ctx.url);
  const [rows, total] = await Promise.all([
    ctx.core.pool.query<ScheduleRow>(
      "SELECT * FROM trigger_engine.schedules ORDER BY created_at, id LIMIT $1 OFFSET $2",
      [p.perPage, p.offset],
    ),
    ctx.core.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM trigger_engine.schedules"),
  ]);
  const count = total.rows[0]?.n ?? 0;
  sendJson(
    ctx.res,
    200,
    {
      data: rows.rows.map((s) => present(ctx.core, s)),
      pagination: offsetPagination(p, count),
    },
    ListSchedulesResult,
  );
}

async function update(ctx: RouteContext): Promise<void> {
  const s = await load(ctx);
  imperative(s);
  const body = await readJson(ctx.req, UpdateScheduleOptions);
  const timezone = body.timezone ?? s.timezone;
  checkTask(ctx.core, body.task);
  checkCron(body.cron, timezone);
  const res = await ctx.core.pool.query<ScheduleRow>(
    `UPDATE trigger_engine.schedules SET task_identifier = $2, cron = $3, timezone = $4, external_id = $5
      WHERE id = $1 RETURNING *`,
    [s.id, body.task, body.cron, timezone, body.externalId ?? null],
  );
  sendJson(ctx.res, 200, present(ctx.core, res.rows[0]!), ScheduleObject);
}

function setActive(active: boolean) {
  return async (ctx: RouteContext): Promise<void> => {
    const s = await load(ctx);
    imperative(s);
    // Reactivating does not fire the slots missed while inactive (last_slot moves to now).
    const res = await ctx.core.pool.query<ScheduleRow>(
      `UPDATE trigger_engine.schedules SET active = $2, last_slot = CASE WHEN $2 AND NOT active THEN $3 ELSE last_slot END
        WHERE id = $1 RETURNING *`,
      [s.id, active, ctx.core.clock.now()],
    );
    sendJson(ctx.res, 200, present(ctx.core, res.rows[0]!), ScheduleObject);
  };
}

async function del(ctx: RouteContext): Promise<void> {
  const s = await load(ctx);
  imperative(s);
  await ctx.core.pool.query("DELETE FROM trigger_engine.schedules WHERE id = $1", [s.id]);
  sendJson(ctx.res, 200, { id: s.id }, DeletedScheduleObject);
}

// Public on Trigger.dev too (the SDK sends no key): a static list.
async function timezones(ctx: RouteContext): Promise<void> {
  sendJson(ctx.res, 200, {
    timezones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((t) => t !== "UTC")],
  });
}

const ONE = /^\/api\/v1\/schedules\/([^/]+)$/;
export const scheduleRoutes: Route[] = [
  { method: "POST", pattern: /^\/api\/v1\/schedules$/, handler: create },
  { method: "GET", pattern: /^\/api\/v1\/schedules$/, handler: list },
  {
    method: "GET",
    pattern: ONE,
    handler: async (ctx) => sendJson(ctx.res, 200, present(ctx.core, await load(ctx)), ScheduleObject),
  },
  { method: "PUT", pattern: ONE, handler: update },
  { method: "DELETE", pattern: ONE, handler: del },
  { method: "POST", pattern: /^\/api\/v1\/schedules\/([^/]+)\/activate$/, handler: setActive(true) },
  { method: "POST", pattern: /^\/api\/v1\/schedules\/([^/]+)\/deactivate$/, handler: setActive(false) },
  { method: "GET", pattern: /^\/api\/v1\/timezones$/, public: true, handler: timezones },
];
