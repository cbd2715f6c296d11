import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { logger } from "../lib/logger.js";
import { appRouter } from "../routers/app-router.js";
import { type AppServices, createHttpContext } from "../trpc/context.js";
import { createStaticHandler } from "./static.js";

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

// CSRF: tRPC mutations are POSTs that must carry a custom header, which a cross-site form or
// simple request cannot set without a CORS preflight we never grant; plus the session cookie is
// SameSite=Strict. A mismatching Origin is refused outright.
function csrfRejection(req: IncomingMessage): string | null {
  if (req.method !== "POST") return null;
  if (req.headers["x-sequora-csrf"] !== "1") return "missing x-sequora-csrf header";
  const origin = req.headers.origin;
  if (origin && req.headers.host && new URL(origin).host !== req.headers.host) return "cross-origin request";
  return null;
}

export function createHttpApp(opts: HttpAppOptions): Server {
  const staticHandler = opts.staticDir ? createStaticHandler(opts.staticDir) : null;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://local");
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
      logger.error("request failed", { path: req.url?.split("?")[0], error: (err as Error)?.name });
      if (!res.headersSent) sendJson(res, 500, { error: { message: "Internal error" } });
      else res.end();
    });
  });
}
