import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Resource } from "@medplum/fhirtypes";
import { operationOutcome } from "./outcome.js";

/** Transactions are POSTed to the base; subscription notifications to the channel endpoint. */
export const FHIR_BASE_PATH = "/fhir/r4";
export const FHIR_NOTIFY_PATH = "/fhir/r4/notify";
const CONTENT_TYPES = ["application/fhir+json", "application/json"];

export interface FhirAnswer {
  status: number;
  body: Resource;
}

export interface FhirHttpOptions {
  /** Sender name -> its bearer token (FHIR_HTTP_TOKENS). */
  tokens: Record<string, string>;
  maxBytes: number;
  handle: (body: { bytes: Buffer; path: string }, sender: string) => Promise<FhirAnswer>;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * FHIR discharges in over HTTPS: `POST /fhir/r4` (a transaction Bundle) or `POST /fhir/r4/notify`
 * (a topic-based subscription notification), `Authorization: Bearer <the sender's token>`. Every
 * refusal is a 4xx with an OperationOutcome, as FHIR clients expect.
 */
export function createFhirHttpHandler(opts: FhirHttpOptions) {
  const senders = Object.entries(opts.tokens).map(([name, token]) => ({ name, hash: digest(token) }));
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (path !== FHIR_BASE_PATH && path !== FHIR_NOTIFY_PATH) return false;
    if (req.method !== "POST") return fail(res, 405, "not-supported", "POST a Bundle");
    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const presented = digest(auth);
    // Constant-time over every sender, so which token is close never shows in the timing.
    const sender = senders.find((s) => timingSafeEqual(s.hash, presented));
    if (!auth || !sender) return fail(res, 401, "login", "Unknown sender token");
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!CONTENT_TYPES.includes(type))
      return fail(res, 415, "not-supported", "Content-Type must be application/fhir+json");
    if (Number(req.headers["content-length"] ?? "0") > opts.maxBytes)
      return fail(res, 413, "too-costly", "Bundle too large");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > opts.maxBytes) return fail(res, 413, "too-costly", "Bundle too large");
      chunks.push(chunk as Buffer);
    }
    const answer = await opts.handle({ bytes: Buffer.concat(chunks), path }, sender.name);
    send(res, answer.status, answer.body);
    return true;
  };
}

function send(res: ServerResponse, status: number, body: Resource): void {
  res.writeHead(status, { "content-type": "application/fhir+json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function fail(
  res: ServerResponse,
  status: number,
  code: "login" | "not-supported" | "too-costly",
  text: string,
) {
  send(res, status, operationOutcome("error", code, text));
  return true;
}
