import type { IncomingMessage } from "node:http";

/**
 * The caller's address, for sign-in rate limits and the audit trail. X-Forwarded-For is read only
 * when TRUST_PROXY says a reverse proxy we run sets it (then its right-most entry is what that
 * proxy saw); otherwise anyone could claim any address and dodge the per-address limit.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (!trustProxy) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const last = list.at(-1);
  return last && last.length <= 64 ? last : peer;
}
