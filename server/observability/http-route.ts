import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { registry } from "./metrics.js";

export interface MetricsAccess {
  /** METRICS_TOKEN: a bearer token Prometheus sends. */
  token?: string;
  demo: boolean;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7).trim() : "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * GET /metrics in the Prometheus text format. With METRICS_TOKEN set, only a request bearing it
 * gets an answer (401 otherwise). Without it the endpoint is off (404) outside demo mode: the series
 * carry no patient data, but queue depths and error rates of a live service are still not for
 * anyone who can reach the port. The demo (fake patients, local) serves it open, for trying
 * Prometheus or Grafana against it.
 */
export function createMetricsRoute(access: MetricsAccess) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?")[0] !== "/metrics") return false;
    if (!access.token && !access.demo) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    if (access.token && !bearerMatches(req.headers.authorization, access.token)) {
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": 'Bearer realm="metrics"',
      });
      res.end(JSON.stringify({ error: { message: "A valid metrics token is required" } }));
      return true;
    }
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
