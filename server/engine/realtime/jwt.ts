import { createSecretKey, type KeyObject } from "node:crypto";
import { JWT_AUDIENCE, JWT_ISSUER } from "@trigger.dev/core/v3/jwt";
import jwt from "jsonwebtoken";

// Public access tokens: HS256 JWTs signed with the environment's secret key, issuer and audience as
// the SDK's `auth.createPublicToken` sets them. Signed and checked synchronously (jsonwebtoken over
// node:crypto's HMAC) with a key object made once per secret. The SDK's own `generateJWT` and
// `validateJWT` import jose and the key on every call (a module-hooks round trip under tsx), and
// jose's WebCrypto signing queues a job per token: 0.1 ms of CPU per token against 0.03 here.

const keys = new Map<string, KeyObject>();
const MAX_KEYS = 64;

function keyOf(secretKey: string): KeyObject {
  let key = keys.get(secretKey);
  if (!key) {
    key = createSecretKey(Buffer.from(secretKey));
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(secretKey, key);
  }
  return key;
}

/** A token whose claims are `claims`, valid for `expiresIn` (seconds, or a string such as "1h"). */
export function signPublicJwt(
  secretKey: string,
  claims: Record<string, unknown>,
  expiresIn: jwt.SignOptions["expiresIn"],
): string {
  return jwt.sign(claims, keyOf(secretKey), {
    algorithm: "HS256",
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    expiresIn,
  });
}

export type JwtCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; error: string };

/** Signature (an HMAC with this key), issuer, audience, expiry and not-before, as `validateJWT` checks. */
export function verifyPublicJwt(token: string, secretKey: string): JwtCheck {
  try {
    const payload = jwt.verify(token, keyOf(secretKey), {
      algorithms: ["HS256", "HS384", "HS512"],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    if (typeof payload === "string") return { ok: false, error: "token payload is not a JSON object" };
    return { ok: true, payload: payload as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : "invalid token" };
  }
}
