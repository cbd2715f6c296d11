import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../../lib/logger.js";
import { DeliveryLog } from "./delivery-log.js";
import {
  formatOffset,
  parseOffset,
  type ShapeColumns,
  type ShapeMessage,
  selectColumns,
  toChangeMessage,
  UP_TO_DATE,
} from "./shape.js";
import { pollForChange, type RowFilter, type ShapeContext, snapshot } from "./shape-reader.js";
import {
  createdAfterFromHandle,
  matchTarget,
  newHandle,
  resolveCreatedAfter,
  type ShapeTarget,
  splitList,
} from "./shape-request.js";
import type { CreateRealtimeHandler, RealtimeHandlerOptions, RealtimeScope } from "./types.js";

const DEFAULT_LIVE_TIMEOUT_MS = 20_000;
/** Electric's cursor only busts HTTP caches between live responses; any changing value will do. */
let cursorCounter = 0;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Browsers read the electric-* headers from JS, so they must be exposed, and the SDK sends custom
// request headers, so the preflight echoes whatever it asks for. Bearer auth, never cookies,
// which is why a wildcard origin is safe here.
function corsHeaders(): Record<string, string> {
  return { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers["access-control-request-headers"];
  res.writeHead(204, {
    ...corsHeaders(),
    "access-control-allow-methods": "GET, OPTIONS",
    "access-control-allow-headers": typeof requested === "string" && requested ? requested : "*",
    "access-control-max-age": "600",
  });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    ...corsHeaders(),
    "content-type": "application/json",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

async function authorizeShape(options: RealtimeHandlerOptions, ctx: ShapeContext, req: IncomingMessage) {
  const { target } = ctx;
  let scope: RealtimeScope;
  let missing = false;
  switch (target.kind) {
    case "run": {
      const row = await options.source.getRun(target.runId);
      missing = row === null;
      scope = {
        kind: "run",
        runId: target.runId,
        runTags: row?.runTags ?? [],
        batchId: row?.batchFriendlyId ?? null,
      };
      break;
    }
    case "tags":
      scope = { kind: "tags", tags: target.tags };
      break;
    case "batch":
      missing = !options.source.listRunsByBatch;
      scope = { kind: "batch", batchId: target.batchId };
      break;
  }
  const auth = await options.authorize(req, scope);
  // Refuse before revealing whether the run exists.
  if (!auth.ok) throw new HttpError(auth.status, auth.message);
  if (missing) throw new HttpError(404, `${target.kind === "run" ? "Run" : "Batch"} not found`);
}

function jitter(ms: number): number {
  return Math.round(ms * (0.85 + Math.random() * 0.3));
}

function resolveWindow(target: ShapeTarget, handle: string | null): Date | null {
  if (target.kind !== "tags") return null;
  if (handle === null) return resolveCreatedAfter(target.createdAt);
  const fromHandle = createdAfterFromHandle(handle);
  if (fromHandle === "invalid") throw new HttpError(400, "Unknown shape handle");
  return fromHandle;
}

async function serveShape(
  options: RealtimeHandlerOptions,
  log: DeliveryLog,
  target: ShapeTarget,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const q = url.searchParams;
  const offset = parseOffset(q.get("offset"));
  if (offset === "invalid") throw new HttpError(400, "Invalid offset");
  const live = q.get("live") === "true";
  const timeoutMs = options.liveTimeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS;
  if (live && offset === null) throw new HttpError(400, "live=true needs an offset");
  if (target.kind === "tags" && target.tags.length === 0) throw new HttpError(400, "tags is required");

  const handle = q.get("handle");
  const ctx: ShapeContext = { source: options.source, target, createdAfter: resolveWindow(target, handle) };
  await authorizeShape(options, ctx, req);
  if (offset !== null && offset > (await options.source.currentSeq())) {
    // An offset from before a reset of the change sequence (e.g. a wiped dev database) would
    // never be reached; Electric's 409 makes the client drop its state and start over.
    sendJson(res, 409, [{ headers: { control: "must-refetch" } }], {
      "electric-handle": newHandle(ctx.createdAfter),
    });
    return;
  }

  const shape: ShapeColumns = selectColumns(splitList(q.get("skipColumns")));
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const pending = pendingFilter(log, handle, offset);
  const result =
    live && offset !== null
      ? await pollForChange(ctx, offset, pending, jitter(timeoutMs), abort.signal)
      : await snapshot(ctx, offset, pending);
  if (abort.signal.aborted) return;

  const operation = offset === null ? "insert" : "update";
  const messages: ShapeMessage[] = result.rows.map((row) => toChangeMessage(row, shape.columns, operation));
  messages.push(UP_TO_DATE);
  const responseHandle = handle ?? newHandle(ctx.createdAfter);
  log.record(responseHandle, result.all, offset === null);
  sendJson(res, 200, messages, {
    "electric-handle": responseHandle,
    "electric-offset": formatOffset(result.seq),
    "electric-schema": shape.schemaHeader,
    "electric-cursor": String(++cursorCounter),
    "electric-up-to-date": "",
  });
}

function pendingFilter(log: DeliveryLog, handle: string | null, offset: bigint | null): RowFilter {
  if (offset === null) return () => true;
  const sent = log.sent(handle);
  if (sent) return (row) => sent.get(row.id) !== String(row.seq);
  const after = offset;
  return (row) => BigInt(row.seq) > after;
}

export const createRealtimeHandler: CreateRealtimeHandler = (options) => {
  const log = new DeliveryLog();
  return (req, res) => route(options, log, req, res);
};

async function route(
  options: RealtimeHandlerOptions,
  log: DeliveryLog,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!url.pathname.startsWith("/realtime/v1/") && url.pathname !== "/realtime/v1") return false;
  if (req.method === "OPTIONS") {
    answerPreflight(req, res);
    return true;
  }
  try {
    if (req.method !== "GET") throw new HttpError(405, "Method not allowed");
    const target = matchTarget(url.pathname, url.searchParams);
    if (!target) throw new HttpError(404, "Not found");
    await serveShape(options, log, target, url, req, res);
  } catch (error) {
    if (res.headersSent) return true;
    if (error instanceof HttpError) {
      sendJson(res, error.status, { error: error.message });
    } else {
      logger.error("realtime request failed", {
        error: error instanceof Error ? error.message : String(error),
      });
      sendJson(res, 500, { error: "Internal error" });
    }
  }
  return true;
}
