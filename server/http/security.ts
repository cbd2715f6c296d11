import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import helmet from "helmet";
import type { AppConfig } from "../config/index.js";

/** Calls per tRPC batch request; the SPA's batch link uses the same limit. */
export const MAX_BATCH_SIZE = 20;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * Response headers for every answer: a strict CSP (scripts only from our origin, no inline
 * script; Mantine sets inline styles, hence 'unsafe-inline' for styles only), no framing,
 * no referrer, HSTS only when served over https, and `no-store` by default so nothing carrying
 * patient data lands in a browser or proxy cache (the static handler opts its assets back in).
 */
export function createSecurityHeaders(
  config: AppConfig,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const https = config.env.PUBLIC_BASE_URL?.startsWith("https://") ?? false;
  // Live run status streams from the run engine, which may be Trigger.dev's own API.
  const engineUrl = process.env.TRIGGER_PUBLIC_API_URL ?? config.env.TRIGGER_API_URL;
  const connectSrc = ["'self'", ...(engineUrl ? [new URL(engineUrl).origin] : [])];
  const mw = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": connectSrc,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
  }) as unknown as Middleware;
  return (req, res) =>
    new Promise<void>((resolve, reject) => {
      res.setHeader("cache-control", "no-store");
      mw(req, res, (err) => (err ? reject(err) : resolve()));
    });
}

/**
 * DNS-rebinding defence: a page on attacker.example whose name is re-pointed at this server
 * sends `Host: attacker.example`. We answer only names we are known by: the public URL's host,
 * the configured listen host and localhost. IP literals are always fine (rebinding needs a name).
 */
export function createHostCheck(config: AppConfig): (req: IncomingMessage) => boolean {
  const names = new Set(["localhost", config.env.HOST.toLowerCase()]);
  if (config.env.PUBLIC_BASE_URL) names.add(new URL(config.env.PUBLIC_BASE_URL).hostname.toLowerCase());
  return (req) => {
    const host = req.headers.host;
    if (!host) return false;
    let hostname: string;
    try {
      hostname = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
    return isIP(bare) !== 0 || names.has(hostname);
  };
}

// CSRF: tRPC mutations are POSTs that must carry a custom header, which a cross-site form or
// simple request cannot set without a CORS preflight we never grant; plus the session cookie is
// SameSite=Strict. A mismatching, opaque ("null") or unparsable Origin is refused outright.
export function csrfRejection(req: IncomingMessage): string | null {
  if (req.method !== "POST") return null;
  if (req.headers["x-sequora-csrf"] !== "1") return "missing x-sequora-csrf header";
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "unreadable Origin";
  }
  if (!originHost || originHost !== req.headers.host) return "cross-origin request";
  return null;
}
