import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { createHostCheck, createSecurityHeaders, csrfRejection, MAX_BATCH_SIZE } from "./http/security.js";
import { createStaticHandler } from "./http/static.js";
import { logger } from "./lib/logger.js";
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
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
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    await securityHeaders(req, res);
    if (!hostAllowed(req)) return sendJson(res, 421, { error: { message: "Unknown host" } });
    const url = parseUrl(req.url);
    if (!url) return sendJson(res, 400, { error: { message: "Malformed request path" } });
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
    handle(req, res).catch((err: unknown) => {
      // A path that cannot be decoded (a stray % sequence) is the caller's mistake, not ours.
      if (err instanceof URIError && !res.headersSent) {
        return sendJson(res, 400, { error: { message: "Malformed request path" } });
      }
      logger.error("request failed", { path: req.url?.split("?")[0], error: (err as Error)?.name });
      if (!res.headersSent) sendJson(res, 500, { error: { message: "Internal error" } });
      else res.end();
    });
  });
}
