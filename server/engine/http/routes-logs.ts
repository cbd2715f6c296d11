import { RetrieveRunTraceResponseBody } from "@trigger.dev/core/v3";
import { EngineHttpError } from "../core/core.js";
import { getRunByFriendlyId } from "../core/db.js";
import { type RunLogLine, readRunLogs } from "../core/run-log-read.js";
import { canReadRun } from "./auth.js";
import { sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

const FAILED = new Set(["COMPLETED_WITH_ERRORS", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "EXPIRED"]);
const FINISHED = new Set([...FAILED, "COMPLETED_SUCCESSFULLY", "CANCELED"]);

type SpanNode = {
  id: string;
  parentId: string;
  runId: string;
  data: {
    message: string;
    startTime: Date;
    duration: number;
    isError: boolean;
    isPartial: false;
    isCancelled: false;
    level: string;
    properties: Record<string, unknown>;
  };
  children: SpanNode[];
};

/**
 * A run's lines and spans as a tree: a span holds what was made inside it (its lines, its child
 * spans); the rest hang from the run. Siblings keep the lines' order (attempt, time, then the order
 * they were recorded in).
 */
export function spanTree(rootId: string, runId: string, lines: RunLogLine[]): SpanNode[] {
  const nodes = lines.map((l) => ({
    line: l,
    node: {
      id: l.spanId ? `span_${l.spanId}` : `log_${l.id}`,
      parentId: rootId,
      runId,
      data: {
        message: l.message,
        // A span's line is at its start; `logger.trace` lines stored before spans had ids were at their end.
        startTime: l.spanId || l.durationMs === null ? l.at : new Date(l.at.getTime() - l.durationMs),
        duration: l.durationMs ?? 0,
        isError: l.isError,
        isPartial: false as const,
        isCancelled: false as const,
        level: l.level,
        properties: {
          attempt: l.attempt,
          ...(l.attributes && typeof l.attributes === "object" ? l.attributes : {}),
        },
      },
      children: [] as SpanNode[],
    },
  }));
  const spans = new Map<string, SpanNode>();
  for (const { line, node } of nodes) if (line.spanId) spans.set(line.spanId, node);
  const top: SpanNode[] = [];
  for (const { line, node } of nodes) {
    const parent = line.parentSpanId ? spans.get(line.parentSpanId) : undefined;
    if (parent && parent !== node) {
      node.parentId = parent.id;
      parent.children.push(node);
    } else top.push(node);
  }
  return top;
}

/**
 * `GET /api/v1/runs/:id/trace` (the API client's `retrieveRunTrace`): the run as the root span;
 * under it its `logger.*` lines and the spans its code made (`logger.trace`, its own OTel spans,
 * AI SDK calls: run-spans.ts), nested as they were made. Durations are in ms.
 */
async function retrieveTrace(ctx: RouteContext): Promise<void> {
  await ctx.core.logs.flush();
  const run = await getRunByFriendlyId(ctx.core.pool, ctx.params[0]!);
  if (!run || !canReadRun(ctx.caller, run)) throw new EngineHttpError(404, "Run not found");
  const lines = await readRunLogs(ctx.core.pool, run.id);
  const start = run.started_at ?? run.created_at;
  const end = run.completed_at ?? ctx.core.clock.now();
  const rootId = `span_${run.friendly_id}`;
  const children = spanTree(rootId, run.friendly_id, lines);
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
