import { createHmac, timingSafeEqual } from "node:crypto";
import { CreateUploadPayloadUrlResponseBody } from "@trigger.dev/core/v3";
import { EngineHttpError } from "../core.js";
import { requireSecret } from "./auth.js";
import { readText, sendJson } from "./io.js";
import type { Route, RouteContext } from "./route-types.js";

// Packets of 128 KB or more are offloaded by the SDK to "object storage" through presigned URLs.
// The engine is that storage: a table, and URLs signed with the engine's secret key (HMAC) so the
// SDK's unauthenticated PUT/GET of the presigned URL is still bound to one path.
function sign(secret: string, path: string): string {
  return createHmac("sha256", secret).update(path).digest("hex");
}

function presigned(ctx: RouteContext, secret: string, path: string): string {
  return `${ctx.core.apiUrl()}/engine/v1/packet-store/${encodeURIComponent(path)}?sig=${sign(secret, path)}`;
}

function checkSignature(ctx: RouteContext, secret: string, path: string): void {
  const given = Buffer.from(ctx.url.searchParams.get("sig") ?? "");
  const expected = Buffer.from(sign(secret, path));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new EngineHttpError(403, "Invalid packet signature");
  }
}

export function packetRoutes(secret: string): Route[] {
  return [
    {
      method: "PUT",
      pattern: /^\/api\/v2\/packets\/([^/]+)$/,
      handler: async (ctx) => {
        requireSecret(ctx.caller);
        const path = ctx.params[0]!;
        const body = { presignedUrl: presigned(ctx, secret, path), storagePath: path };
        sendJson(ctx.res, 200, body, CreateUploadPayloadUrlResponseBody);
      },
    },
    {
      method: "GET",
      pattern: /^\/api\/v1\/packets\/([^/]+)$/,
      handler: async (ctx) => {
        const path = ctx.params[0]!;
        sendJson(
          ctx.res,
          200,
          { presignedUrl: presigned(ctx, secret, path) },
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
        checkSignature(ctx, secret, path);
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
        checkSignature(ctx, secret, path);
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
