import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { createHostCheck, createSecurityHeaders, csrfRejection, MAX_BATCH_SIZE } from "./http/security.js";
import { createStaticHandler } from "./http/static.js";
import { currentRequestId, requestIdFrom, runWithRequestId } from "./lib/log-context.js";
import { logger } from "./lib/logger.js";
import { createMetricsRoute } from "./observability/http-route.js";
import { metrics } from "./observability/metrics.js";
import { routeTemplate } from "./observability/routes.js";
import { appRouter } from "./routers/app-router.js";
import { type AppServices, createHttpContext } from "./trpc/context.js";
import { toTRPCError } from "./trpc/errors.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpAppOptions {
  services: AppServices;
  /** Extra handlers tried before the SPA (webhooks, the embedded engine's API). */
  routes?: RouteHandler[];
  staticDir?: string;
}

// Error bodies carry the request id, so a support call can find the request's log lines.
function sendJson(
  res: ServerResponse,
  status: number,
  body: { error?: object } & Record<string, unknown>,
): void {
  res.writeHead(status, { "content-type": "application/json" });
  const requestId = currentRequestId();
  const withId = body.error && requestId ? { ...body, error: { ...body.error, requestId } } : body;
  res.end(JSON.stringify(withId));
}

// Counts every answer by its route template once the response is finished (or the caller left).
function observe(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  let route = "/*";
  try {
    route = routeTemplate(new URL(req.url ?? "/", "http://local").pathname);
  } catch {
    route = "invalid";
  }
  res.once("close", () => {
    const method = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"].includes(req.method ?? "")
      ? (req.method as string)
      : "OTHER";
    metrics.httpRequest(route, method, res.statusCode, (performance.now() - started) / 1000);
  });
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    const url = new URL(raw ?? "/", "http://local");
    decodeURIComponent(url.pathname);
    return url.host === "local" ? url : null;
  } catch {
    return null;
  }
}

// A sign-in lockout tells the browser when to try again (HTTP 429 + Retry-After).
function retryAfter(errors: readonly unknown[]): { headers?: Record<string, string> } {
  for (const err of errors) {
    const seconds = toTRPCError(err)?.cause;
    const details = (seconds as { details?: { retryAfterSeconds?: unknown } } | undefined)?.details;
    if (typeof details?.retryAfterSeconds === "number") {
      return { headers: { "retry-after": String(details.retryAfterSeconds) } };
    }
  }
  return {};
}

export function createHttpApp(opts: HttpAppOptions): Server {
  const staticHandler = opts.staticDir ? createStaticHandler(opts.staticDir) : null;
  const securityHeaders = createSecurityHeaders(opts.services.config);
  const hostAllowed = createHostCheck(opts.services.config);
  const metricsRoute = createMetricsRoute({
    token: opts.services.config.env.METRICS_TOKEN,
    demo: opts.services.config.demo,
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    await securityHeaders(req, res);
    if (!hostAllowed(req)) return sendJson(res, 421, { error: { message: "Unknown host" } });
    const url = parseUrl(req.url);
    if (!url) return sendJson(res, 400, { error: { message: "Malformed request path" } });
    if (await metricsRoute(req, res)) return;
    if (url.pathname === "/healthz") {
      await opts.services.db.$queryRaw`SELECT 1`;
      return sendJson(res, 200, { ok: true, mode: opts.services.config.mode });
    }
    if (url.pathname.startsWith("/trpc/")) {
      const rejection = csrfRejection(req);
      if (rejection) return sendJson(res, 403, { error: { message: `Forbidden: ${rejection}` } });
      return nodeHTTPRequestHandler({
        req,
        res,
        path: url.pathname.slice("/trpc/".length),
        router: appRouter,
        maxBodySize: 2 * 1024 * 1024,
        maxBatchSize: MAX_BATCH_SIZE,
        responseMeta: ({ errors }) => retryAfter(errors),
        createContext: ({ req: r, res: s }) => createHttpContext(opts.services, r, s),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") logger.error("trpc error", { path, code: error.code });
        },
      });
    }
    for (const route of opts.routes ?? []) if (await route(req, res)) return;
    if (staticHandler && (await staticHandler(req, res))) return;
    sendJson(res, 404, { error: { message: "Not found" } });
  };
  return createServer((req, res) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    observe(req, res);
    runWithRequestId(requestId, () => handle(req, res)).catch((err: unknown) =>
      runWithRequestId(requestId, () => {
        // A path that cannot be decoded (a stray % sequence) is the caller's mistake, not ours.
        if (err instanceof URIError && !res.headersSent) {
          return sendJson(res, 400, { error: { message: "Malformed request path" } });
        }
        logger.error("request failed", { path: req.url?.split("?")[0], error: (err as Error)?.name });
        if (!res.headersSent) sendJson(res, 500, { error: { message: "Internal error" } });
        else res.end();
      }),
    );
  });
}
