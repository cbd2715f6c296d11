import { generateJWT, JWT_AUDIENCE, JWT_ISSUER, validateJWT } from "@trigger.dev/core/v3/jwt";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { runReadToken } from "../http/auth.js";
import { verifyPublicJwt } from "./jwt.js";

const KEY = "tr_dev_jwt_table_key";
const enc = (k: string) => new TextEncoder().encode(k);
const sdkToken = (payload: Record<string, unknown>, expirationTime: string | number = "15m", key = KEY) =>
  generateJWT({ secretKey: key, payload, expirationTime });
const joseToken = (claims: { iss?: string; aud?: string; alg?: string; exp?: number; nbf?: number }) => {
  const t = new SignJWT({ scopes: ["read:runs"] }).setProtectedHeader({ alg: claims.alg ?? "HS256" });
  if (claims.iss) t.setIssuer(claims.iss);
  if (claims.aud) t.setAudience(claims.aud);
  t.setExpirationTime(claims.exp ?? "15m");
  if (claims.nbf) t.setNotBefore(claims.nbf);
  return t.sign(enc(KEY));
};
const now = () => Math.floor(Date.now() / 1000);

// The engine checks public tokens itself (synchronously); it must accept and refuse exactly what the
// SDK's own `validateJWT` does, for tokens the SDK makes and for forged or stale ones.
describe("verifyPublicJwt agrees with the SDK's validateJWT", () => {
  const cases: Array<[string, () => Promise<string> | string, boolean]> = [
    [
      "the SDK's public token (auth.createPublicToken)",
      () => sdkToken({ scopes: ["read:runs:run_1"], pub: true }),
      true,
    ],
    ["a token the engine hands back with a trigger", () => runReadToken(KEY, "read:runs:run_2"), true],
    [
      "HS512 with the right key, issuer and audience",
      () => joseToken({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, alg: "HS512" }),
      true,
    ],
    ["signed with another key", () => sdkToken({ scopes: ["read:all"] }, "15m", "tr_dev_other"), false],
    ["expired", () => sdkToken({ scopes: ["read:all"] }, now() - 60), false],
    ["not valid yet", () => joseToken({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, nbf: now() + 600 }), false],
    ["wrong issuer", () => joseToken({ iss: "https://evil.example", aud: JWT_AUDIENCE }), false],
    ["no audience", () => joseToken({ iss: JWT_ISSUER }), false],
    [
      "alg none",
      () =>
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, scopes: ["read:all"], exp: now() + 600 })).toString("base64url")}.`,
      false,
    ],
    [
      "a tampered payload",
      async () => {
        const [h, , s] = (await sdkToken({ scopes: ["read:runs:run_1"] })).split(".");
        return `${h}.${Buffer.from(JSON.stringify({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, scopes: ["read:all"], exp: now() + 600 })).toString("base64url")}.${s}`;
      },
      false,
    ],
    ["not a JWT", () => "hello", false],
  ];
  it.each(cases)("%s", async (_name, make, valid) => {
    const token = await make();
    const ours = verifyPublicJwt(token, KEY);
    const sdk = await validateJWT(token, KEY);
    expect(ours.ok).toBe(valid);
    expect(sdk.ok).toBe(valid);
    if (ours.ok && sdk.ok) expect(ours.payload).toEqual(sdk.payload);
  });
});
