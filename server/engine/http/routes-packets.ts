import { createHmac, timingSafeEqual } from "node:crypto";
import { CreateUploadPayloadUrlResponseBody } from "@trigger.dev/core/v3";
import { EngineHttpError } from "../core/core.js";
import type { RunRow } from "../core/db.js";
import { canReadRun, requireSecret } from "./auth.js";
import { readText, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// Packets of 128 KB or more are offloaded by the SDK to "object storage" through presigned URLs.
// The engine is that storage: a table, and URLs signed with the engine's secret key (HMAC). As with
// S3, a signature binds the method, the path and an expiry: a GET URL cannot be used to PUT, and
// a URL stops working after an hour.
const URL_TTL_S = 3600;

function sign(secret: string, method: string, path: string, exp: number): string {
  return createHmac("sha256", secret).update(`${method}\n${path}\n${exp}`).digest("hex");
}

function presigned(ctx: RouteContext, secret: string, method: "GET" | "PUT", path: string): string {
  const exp = Math.floor(Date.now() / 1000) + URL_TTL_S;
  const sig = sign(secret, method, path, exp);
  return `${ctx.core.apiUrl()}/engine/v1/packet-store/${encodeURIComponent(path)}?exp=${exp}&sig=${sig}`;
}

function checkSignature(ctx: RouteContext, secret: string, method: "GET" | "PUT", path: string): void {
  const exp = Number(ctx.url.searchParams.get("exp"));
  const given = Buffer.from(ctx.url.searchParams.get("sig") ?? "");
  const expected = Buffer.from(sign(secret, method, path, Number.isInteger(exp) ? exp : 0));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new EngineHttpError(403, "Invalid packet signature");
  }
  if (exp * 1000 < Date.now()) throw new EngineHttpError(403, "Packet URL expired");
}

/** A public token may read a packet only if it is the payload or output of a run it may read. */
async function assertPacketReadable(ctx: RouteContext, path: string): Promise<void> {
  if (ctx.caller.kind === "secret") return;
  const res = await ctx.core.pool.query<RunRow>(
    `SELECT * FROM trigger_engine.runs WHERE (payload = $1 AND payload_type = 'application/store')
       OR (output = $1 AND output_type = 'application/store') LIMIT 20`,
    [path],
  );
  if (!res.rows.some((r) => canReadRun(ctx.caller, r))) throw new EngineHttpError(404, "Packet not found");
}

export function packetRoutes(secret: string): Route[] {
  return [
    {
      method: "PUT",
      pattern: /^\/api\/v2\/packets\/([^/]+)$/,
      handler: async (ctx) => {
        requireSecret(ctx.caller);
        const path = ctx.params[0]!;
        const body = { presignedUrl: presigned(ctx, secret, "PUT", path), storagePath: path };
        sendJson(ctx.res, 200, body, CreateUploadPayloadUrlResponseBody);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/packets\/([^/]+)$/,
      handler: async (ctx) => {
        const path = ctx.params[0]!;
        await assertPacketReadable(ctx, path);
        sendJson(
          ctx.res,
          200,
          { presignedUrl: presigned(ctx, secret, "GET", path) },
          CreateUploadPayloadUrlResponseBody,
        );
      },
    },
    {
      method: "PUT",
      pattern: /^\/engine\/v1\/packet-store\/([^/]+)$/,
      public: true,
      handler: async (ctx) => {
        const path = ctx.params[0]!;
        checkSignature(ctx, secret, "PUT", path);
        const data = await readText(ctx.req);
        const type = ctx.req.headers["content-type"] ?? "application/json";
        await ctx.core.pool.query(
          `INSERT INTO trigger_engine.packets (path, data, data_type) VALUES ($1, $2, $3)
           ON CONFLICT (path) DO UPDATE SET data = $2, data_type = $3`,
          [path, data, type],
        );
        ctx.res.writeHead(200);
        ctx.res.end();
      },
    },
    {
      method: "GET",
      pattern: /^\/engine\/v1\/packet-store\/([^/]+)$/,
      public: true,
      handler: async (ctx) => {
        const path = ctx.params[0]!;
        checkSignature(ctx, secret, "GET", path);
        const res = await ctx.core.pool.query<{ data: string; data_type: string }>(
          "SELECT data, data_type FROM trigger_engine.packets WHERE path = $1",
          [path],
        );
        const row = res.rows[0];
        if (!row) throw new EngineHttpError(404, "Packet not found");
        ctx.res.writeHead(200, { "content-type": row.data_type });
        ctx.res.end(row.data);
      },
    },
  ];
}

/** Resolves an `application/store` packet to the stored one (for runs.retrieve). */
export async function loadStoredPacket(
  ctx: RouteContext,
  data: string | null,
  dataType: string | null,
): Promise<{ data: string | null; dataType: string | null }> {
  if (dataType !== "application/store" || !data) return { data, dataType };
  const res = await ctx.core.pool.query<{ data: string; data_type: string }>(
    "SELECT data, data_type FROM trigger_engine.packets WHERE path = $1",
    [data],
  );
  const row = res.rows[0];
  return row ? { data: row.data, dataType: row.data_type } : { data: null, dataType: null };
}
