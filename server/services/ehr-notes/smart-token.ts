import { createPrivateKey, randomUUID } from "node:crypto";
import { type CryptoKey, importJWK, importPKCS8, type JWK, SignJWT } from "jose";
import { wallClockNowMs } from "../../lib/clock.js";
import type { EhrDestination } from "./config.js";
import { PermanentNoteError, RetryableNoteError } from "./errors.js";

type FhirDestination = Extract<EhrDestination, { kind: "FHIR" }>;

// One cached access token per client and token endpoint, renewed a minute before it expires.
const cache = new Map<string, { token: string; expiresAtMs: number }>();

/**
 * An access token by SMART Backend Services: OAuth 2.0 client credentials with a JWT client
 * assertion signed by our private key (RS384 for RSA, ES384 for P-384), public key published to the
 * EHR as a JWK Set. Times come from the wall clock: a demo's virtual clock must never sign a JWT.
 */
export async function accessToken(dest: FhirDestination, timeoutMs: number): Promise<string> {
  const tokenUrl = dest.tokenUrl ?? (await discoverTokenUrl(dest.baseUrl, timeoutMs));
  const cacheKey = `${tokenUrl} ${dest.clientId}`;
  const cached = cache.get(cacheKey);
  if (cached && cached.expiresAtMs > wallClockNowMs() + 60_000) return cached.token;
  const { key, alg } = await signingKey(dest.privateKey);
  const nowSeconds = Math.floor(wallClockNowMs() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg, kid: dest.keyId, typ: "JWT" })
    .setIssuer(dest.clientId)
    .setSubject(dest.clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 300)
    .sign(key);
  const res = await request(tokenUrl, timeoutMs, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      scope: dest.scope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    }),
  });
  if (res.status >= 500 || res.status === 429)
    throw new RetryableNoteError(`Token endpoint answered ${res.status}`);
  // 400/401 (invalid_client): our key or client id is not what the EHR has registered.
  if (!res.ok) throw new PermanentNoteError(`Token endpoint refused the client (${res.status})`);
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new RetryableNoteError("Token endpoint answered without an access_token");
  cache.set(cacheKey, {
    token: body.access_token,
    expiresAtMs: wallClockNowMs() + (body.expires_in ?? 300) * 1000,
  });
  return body.access_token;
}

/** Forgets a token the FHIR server no longer takes (a 401 before its expiry). */
export function dropToken(): void {
  cache.clear();
}

async function discoverTokenUrl(baseUrl: string, timeoutMs: number): Promise<string> {
  const res = await request(`${baseUrl}/.well-known/smart-configuration`, timeoutMs, {
    headers: { accept: "application/json" },
  });
  if (!res.ok) throw new RetryableNoteError(`SMART configuration answered ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as { token_endpoint?: string };
  if (!body.token_endpoint) throw new PermanentNoteError("SMART configuration has no token_endpoint");
  return body.token_endpoint;
}

async function signingKey(text: string): Promise<{ key: CryptoKey | Uint8Array; alg: "RS384" | "ES384" }> {
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      const jwk = JSON.parse(trimmed) as JWK;
      const alg = jwk.kty === "EC" ? "ES384" : "RS384";
      return { key: await importJWK(jwk, alg), alg };
    }
    const alg = createPrivateKey(trimmed).asymmetricKeyType === "ec" ? "ES384" : "RS384";
    return { key: await importPKCS8(trimmed, alg), alg };
  } catch {
    throw new PermanentNoteError("EHR_FHIR_PRIVATE_KEY is not a PKCS#8 PEM or a private JWK (RSA or P-384)");
  }
}

/** fetch with a deadline; a network failure or timeout is worth retrying. */
export async function request(url: string, timeoutMs: number, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as Error).name;
    throw new RetryableNoteError(
      name === "TimeoutError" ? "The EHR did not answer in time" : `Request to the EHR failed (${name})`,
    );
  }
}
