import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { verifyPublicJwt } from "./jwt.js";
import type { RealtimeAuthorize, RealtimeAuthResult, RealtimeScope } from "./types.js";

/** Scopes that grant every realtime read in the environment (as upstream's super scopes). */
const SUPER_SCOPES = ["read:runs", "read:all", "admin"];

const PublicTokenClaims = z.object({ scopes: z.array(z.string()).default([]) });

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a public token's scopes allow reading `scope`. */
export function scopesAllow(scopes: readonly string[], scope: RealtimeScope): boolean {
  if (scopes.some((s) => SUPER_SCOPES.includes(s))) return true;
  const has = (s: string) => scopes.includes(s);
  switch (scope.kind) {
    case "run":
      return (
        has(`read:runs:${scope.runId}`) ||
        scope.runTags.some((tag) => has(`read:tags:${tag}`)) ||
        (scope.batchId !== null && has(`read:batch:${scope.batchId}`))
      );
    case "tags":
      // Every run in a tag shape carries ALL requested tags, so one readable tag covers them all.
      return scope.tags.some((tag) => has(`read:tags:${tag}`));
    case "batch":
      return has(`read:batch:${scope.batchId}`);
  }
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const DENY_MISSING: RealtimeAuthResult = { ok: false, status: 401, message: "Invalid or missing API key" };

/**
 * Realtime auth as the platform does it: the environment's secret key reads everything; a public
 * JWT (HS256, signed with that secret key, as `auth.createPublicToken` makes) reads only what its
 * scopes name. Secret keys never travel to browsers, so the SPA always uses public tokens.
 */
export function createRealtimeAuthorizer(options: { secretKey: string }): RealtimeAuthorize {
  return async (req, scope) => {
    const token = bearer(req);
    if (!token) return DENY_MISSING;
    if (token.startsWith("tr_")) return sameSecret(token, options.secretKey) ? { ok: true } : DENY_MISSING;
    const verified = verifyPublicJwt(token, options.secretKey);
    if (!verified.ok) return { ok: false, status: 401, message: "Invalid public access token" };
    const claims = PublicTokenClaims.safeParse(verified.payload);
    if (!claims.success || !scopesAllow(claims.data.scopes, scope)) {
      return { ok: false, status: 403, message: "Public access token does not allow this read" };
    }
    return { ok: true };
  };
}
