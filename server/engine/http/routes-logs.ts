import { RetrieveRunTraceResponseBody } from "@trigger.dev/core/v3";
import { EngineHttpError } from "../core/core.js";
import { getRunByFriendlyId } from "../core/db.js";
import { readRunLogs } from "../core/run-log-read.js";
import { canReadRun } from "./auth.js";
import { sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

const FAILED = new Set(["COMPLETED_WITH_ERRORS", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "EXPIRED"]);
const FINISHED = new Set([...FAILED, "COMPLETED_SUCCESSFULLY", "CANCELED"]);

/**
 * `GET /api/v1/runs/:id/trace` (the API client's `retrieveRunTrace`): the run as the root span and
 * its `logger.*` lines and `logger.trace` spans as children, oldest first. Durations are in ms.
 */
async function retrieveTrace(ctx: RouteContext): Promise<void> {
  await ctx.core.logs.flush();
  const run = await getRunByFriendlyId(ctx.core.pool, ctx.params[0]!);
  if (!run || !canReadRun(ctx.caller, run)) throw new EngineHttpError(404, "Run not found");
  const lines = await readRunLogs(ctx.core.pool, run.id);
  const start = run.started_at ?? run.created_at;
  const end = run.completed_at ?? ctx.core.clock.now();
  const rootId = `span_${run.friendly_id}`;
  const children = lines.map((l) => ({
    id: `log_${l.id}`,
    parentId: rootId,
    runId: run.friendly_id,
    data: {
      message: l.message,
      startTime: l.durationMs === null ? l.at : new Date(l.at.getTime() - l.durationMs),
      duration: l.durationMs ?? 0,
      isError: l.isError,
      isPartial: false,
      isCancelled: false,
      level: l.level,
      properties: {
        attempt: l.attempt,
        ...(l.attributes && typeof l.attributes === "object" ? l.attributes : {}),
      },
    },
    children: [],
  }));
  sendJson(
    ctx.res,
    200,
    {
      trace: {
        traceId: run.id,
        rootSpan: {
          id: rootId,
          runId: run.friendly_id,
          data: {
            message: run.task_identifier,
            taskSlug: run.task_identifier,
            startTime: start,
            duration: Math.max(0, end.getTime() - start.getTime()),
            isError: FAILED.has(run.status),
            isPartial: !FINISHED.has(run.status),
            isCancelled: run.status === "CANCELED",
            level: "TRACE",
            queueName: run.queue,
          },
          children,
        },
      },
    },
    RetrieveRunTraceResponseBody,
  );
}

export const logRoutes: Route[] = [
  { method: "GET", pattern: /^\/api\/v1\/runs\/([^/]+)\/trace$/, handler: retrieveTrace },
];
