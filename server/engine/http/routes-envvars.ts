import { EnvironmentVariableWithSecret } from "@trigger.dev/core/v3";
import { z } from "zod";
import { EngineHttpError } from "../core/core.js";
import { requireSecret } from "./auth.js";
import { sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// `envvars.*`: there is no dashboard to store variables in, so the engine serves its own process
// environment (what task code sees in `process.env`), read-only. As on Trigger.dev, secret values
// are never shown: names that look like credentials come back redacted with `isSecret: true`.
const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|AUTH|CREDENTIAL|PRIVATE|DATABASE_URL|_URL$|DSN)/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REDACTED = "<redacted>";

function present(name: string, value: string) {
  const isSecret = SECRET_NAME.test(name);
  return { name, value: isSecret ? REDACTED : value, isSecret };
}

async function list(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const vars = Object.entries(process.env)
    .filter((e): e is [string, string] => typeof e[1] === "string" && NAME.test(e[0]))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => present(name, value));
  sendJson(ctx.res, 200, vars, z.array(EnvironmentVariableWithSecret));
}

async function retrieve(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  const name = ctx.params[2]!;
  const value = NAME.test(name) ? process.env[name] : undefined;
  if (value === undefined) throw new EngineHttpError(404, "Environment variable not found");
  sendJson(ctx.res, 200, present(name, value), EnvironmentVariableWithSecret);
}

async function readOnly(ctx: RouteContext): Promise<void> {
  requireSecret(ctx.caller);
  throw new EngineHttpError(
    400,
    "Environment variables are read from the engine's process environment; set them there and restart",
  );
}

const BASE = String.raw`^\/api\/v1\/projects\/([^/]+)\/envvars\/([^/]+)`;
export const envvarRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`${BASE}$`), handler: list },
  { method: "GET", pattern: new RegExp(`${BASE}\\/([^/]+)$`), handler: retrieve },
  { method: "POST", pattern: new RegExp(`${BASE}(?:\\/import)?$`), handler: readOnly },
  { method: "PUT", pattern: new RegExp(`${BASE}\\/([^/]+)$`), handler: readOnly },
  { method: "DELETE", pattern: new RegExp(`${BASE}\\/([^/]+)$`), handler: readOnly },
];
