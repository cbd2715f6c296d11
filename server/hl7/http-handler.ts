import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const HL7_HTTP_PATH = "/hl7/v2";
const CONTENT_TYPES = ["x-application/hl7-v2+er7", "application/hl7-v2"];

export interface Hl7HttpOptions {
  /** Sender name -> its bearer token (HL7_HTTP_TOKENS). */
  tokens: Record<string, string>;
  /** Most bytes read from a request; over it the request is refused with 413. */
  maxBytes: number;
  /** One message's bytes -> the ACK text. */
  handle: (frame: { bytes: Buffer; size: number }, sender: string) => Promise<string>;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The same ADT messages over HTTPS: `POST /hl7/v2` with `Content-Type: x-application/hl7-v2+er7`
 * and `Authorization: Bearer <the sender's token>`; the body is one message, the response is its
 * ACK (200 whatever the ACK says, as an interface engine expects). TLS comes from the proxy in
 * front of the app, as for the rest of it.
 */
export function createHl7HttpHandler(opts: Hl7HttpOptions) {
  // Compared as SHA-256 digests in constant time, so neither length nor content leaks by timing.
  const senders = Object.entries(opts.tokens).map(([name, token]) => ({ name, hash: digest(token) }));
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?")[0] !== HL7_HTTP_PATH) return false;
    if (req.method !== "POST") return reply(res, 405, "POST only");
    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const presented = digest(auth);
    const sender = senders.find((s) => timingSafeEqual(s.hash, presented));
    if (!auth || !sender) return reply(res, 401, "Unknown sender token");
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!CONTENT_TYPES.includes(type))
      return reply(res, 415, "Content-Type must be x-application/hl7-v2+er7");
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > opts.maxBytes) return reply(res, 413, "Message too large");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > opts.maxBytes) return reply(res, 413, "Message too large");
      chunks.push(chunk as Buffer);
    }
    const ack = await opts.handle({ bytes: Buffer.concat(chunks), size }, sender.name);
    res.writeHead(200, { "content-type": "x-application/hl7-v2+er7; charset=utf-8" });
    res.end(ack);
    return true;
  };
}

function reply(res: ServerResponse, status: number, text: string): true {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
  return true;
}

/** `name:token,name:token` -> record; tokens of fewer than 24 characters are refused. */
export function parseSenderTokens(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf(":");
    const name = pair.slice(0, at).trim();
    const token = pair.slice(at + 1).trim();
    if (at < 1 || token.length < 24)
      throw new Error("HL7_HTTP_TOKENS must be name:token pairs with tokens of 24+ characters");
    out[name] = token;
  }
  return out;
}
