import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../../lib/logger.js";
import { type EngineCore, EngineHttpError } from "../core/core.js";
import { authenticate, type Caller } from "./auth.js";
import { decodeParam, sendError, sendJson } from "./io.js";
import type { Route } from "./route-types.js";
import { bulkRoutes } from "./routes-bulk.js";
import { concurrencyRoutes } from "./routes-concurrency.js";
import { envvarRoutes } from "./routes-envvars.js";
import { logRoutes } from "./routes-logs.js";
import { moreRoutes } from "./routes-more.js";
import { packetRoutes } from "./routes-packets.js";
import { queueRoutes } from "./routes-queues.js";
import { runRoutes } from "./routes-runs.js";
import { scheduleRoutes } from "./routes-schedules.js";
import { handleStreams } from "./routes-streams.js";
import { taskRoutes } from "./routes-tasks.js";
import { waitpointRoutes } from "./routes-waitpoints.js";

const BASE_ROUTES: Route[] = [
  ...taskRoutes,
  ...runRoutes,
  ...waitpointRoutes,
  ...scheduleRoutes,
  ...moreRoutes,
  ...logRoutes,
  ...envvarRoutes,
  ...concurrencyRoutes,
  ...queueRoutes,
  ...bulkRoutes,
];
const PREFIXES = ["/api/", "/engine/v1/"];

export interface RouterOptions {
  core: EngineCore;
  secretKey: string;
  /** Only the configured key (and minted attempt keys) are accepted; see auth.ts. */
  strictKeys?: boolean;
  cancelLocal(runInternalId: string): void;
  realtime?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  clockControl?: { advance(ms: number): Promise<number>; offsetMs(): number };
}

export interface Router {
  /** Resolves false (without touching `res`) when the path is not an engine route. */
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * Whether `handle` answers this request itself (an API route or the clock; realtime is left
   * out: it needs a socket). Lets a host route only the engine's own requests in-process.
   */
  claims(method: string, pathname: string): boolean;
}

export function createRouter(opts: RouterOptions): Router {
  const ROUTES = [...BASE_ROUTES, ...packetRoutes(opts.secretKey)];
  // The one matcher both `handle` and `claims` use: an API route with its captures, or the clock.
  const routeFor = (method: string, pathname: string) => {
    if (!PREFIXES.some((p) => pathname.startsWith(p))) return undefined;
    for (const route of ROUTES) {
      const m = route.method === method ? route.pattern.exec(pathname) : null;
      if (m) return { route, params: m.slice(1) };
    }
    return pathname === "/engine/v1/clock" && opts.clockControl ? ("clock" as const) : undefined;
  };
  const claims = (method: string, pathname: string) => routeFor(method, pathname) !== undefined;
  const handle = async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://engine.local");
    if (url.pathname.startsWith("/realtime/v1/streams/")) {
      await handleStreams(
        {
          core: opts.core,
          hub: opts.core.streams,
          secretKey: opts.secretKey,
          strictKeys: opts.strictKeys ?? false,
        },
        req,
        res,
        url,
      ).catch((err) => answerError(res, url, err));
      return true;
    }
    if (url.pathname.startsWith("/realtime/v1/")) {
      if (opts.realtime) return opts.realtime(req, res);
      sendError(res, 501, "realtime not available");
      return true;
    }
    const found = routeFor(req.method ?? "GET", url.pathname);
    try {
      if (found === "clock") {
        await handleClock(req, res, opts.clockControl!, opts, url);
        return true;
      }
      if (found) {
        const { route, params } = found;
        const caller: Caller = route.public
          ? { kind: "public", scopes: [] }
          : await authenticate(opts.core, req, opts.secretKey, opts.strictKeys);
        await route.handler({
          core: opts.core,
          req,
          res,
          params: params.map(decodeParam),
          url,
          caller,
          secretKey: opts.secretKey,
          cancelLocal: opts.cancelLocal,
        });
        return true;
      }
      // Not ours (e.g. the host app's own /api/trpc): let the host server answer it.
      return false;
    } catch (err) {
      answerError(res, url, err);
    }
    return true;
  };
  return Object.assign(handle, { claims });
}

function answerError(res: ServerResponse, url: URL, err: unknown): void {
  if (err instanceof EngineHttpError) sendError(res, err.status, err.message);
  else if (isDataException(err)) {
    // Bad input the database refused (a NUL in a string, a number out of range): the caller's
    // fault, so 400, and no value in the answer (it may be a payload's).
    sendError(
      res,
      400,
      `A value in the request cannot be stored (Postgres ${(err as { code: string }).code})`,
    );
  } else {
    logger.error("engine: request failed", { path: url.pathname, err: String(err).slice(0, 500) });
    sendError(res, 500, "Internal engine error");
  }
}

async function handleClock(
  req: IncomingMessage,
  res: ServerResponse,
  clock: NonNullable<RouterOptions["clockControl"]>,
  opts: RouterOptions,
  url: URL,
): Promise<void> {
  await authenticate(opts.core, req, opts.secretKey, opts.strictKeys);
  if (req.method === "POST") {
    const ms = Number(url.searchParams.get("advanceMs"));
    if (!Number.isFinite(ms) || ms < 0)
      throw new EngineHttpError(400, "advanceMs must be a non-negative number");
    await clock.advance(ms);
  }
  sendJson(res, 200, { offsetMs: clock.offsetMs(), now: new Date().toISOString() });
}

/** Postgres class 22, data exception: a value the request carried, not a server fault. */
function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("22");
}
