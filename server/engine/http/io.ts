import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { EngineHttpError } from "../core/core.js";

const MAX_BODY = 10 * 1024 * 1024;

/** The body as text; past `maxBytes` it stops reading and answers 413 with `tooLarge`. */
export async function readText(
  req: IncomingMessage,
  maxBytes = MAX_BODY,
  tooLarge = "Request body too large",
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new EngineHttpError(413, tooLarge);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const text = await readText(req);
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new EngineHttpError(400, "Invalid JSON body");
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new EngineHttpError(400, `Invalid request body: ${parsed.error.message.slice(0, 500)}`);
  return parsed.data;
}

/**
 * In development and tests every response is parsed through the SDK's own schema before it is
 * sent, so a drift between what we send and what the SDK accepts fails loudly here.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, schema?: z.ZodType): void {
  if (schema && process.env.NODE_ENV !== "production") {
    const check = schema.safeParse(body);
    if (!check.success)
      throw new Error(`engine response does not match SDK schema: ${check.error.message.slice(0, 500)}`);
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { error: message });
}

/** A path segment as the caller meant it; a malformed escape is the caller's 400, not a crash. */
export function decodeParam(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw new EngineHttpError(400, "Malformed percent-encoding in the path");
  }
}

/** An offset page as the SDK's `page`/`perPage` ask for it (10 a page by default, at most 100). */
export function offsetPage(url: URL): { page: number; perPage: number; offset: number } {
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("perPage") ?? 10) || 10));
  return { page, perPage, offset: (page - 1) * perPage };
}

/** The `pagination` of an offset page of `count` items. */
export function offsetPagination(p: { page: number; perPage: number }, count: number) {
  return { currentPage: p.page, totalPages: Math.max(1, Math.ceil(count / p.perPage)), count };
}
