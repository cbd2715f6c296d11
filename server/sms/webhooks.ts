import type { IncomingMessage, ServerResponse } from "node:http";
import twilio from "twilio";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../observability/metrics.js";
import type { SmsConfig } from "./config.js";
import { BodyTooLargeError, parseForm, readBody } from "./http-body.js";
import { applyStatusUpdate, type PhoneUnusableEvent } from "./status-callback.js";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A verified inbound text as Twilio sent it. */
export interface InboundSms {
  from: string;
  body: string;
  providerSid: string;
}

export interface TwilioWebhookOptions {
  db: Db;
  config: SmsConfig;
  /**
   * Receives the text (the inbound-message use case). Awaited before the answer: once Twilio gets
   * its 200 the message must be stored; anything slow must happen after it returns.
   */
  onMessage: (sms: InboundSms) => Promise<unknown>;
  /** Raised once when a delivery report marks the patient's number unusable (open a phone task). */
  onPhoneUnusable?: (e: PhoneUnusableEvent) => unknown;
  maxBodyBytes?: number;
}

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();
const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
const inboundSchema = z.object({
  MessageSid: z.string().regex(SID),
  From: z.string().min(1),
  Body: z.string().default(""),
});
const statusSchema = z.object({
  MessageSid: z.string().regex(SID),
  MessageStatus: z.string().min(1),
  ErrorCode: z.coerce.number().int().optional(),
});

// Twilio signs the URL it called. Behind a proxy or tunnel our own Host header is not that URL,
// so PUBLIC_BASE_URL (origin plus any path prefix the proxy strips) rebuilds it; connected mode
// requires it. X-Forwarded-* are never read: any caller can set them.
function publicUrl(req: IncomingMessage, config: SmsConfig): string {
  if (config.publicBaseUrl) return `${config.publicBaseUrl}${req.url ?? "/"}`;
  return `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
}

function reply(res: ServerResponse, status: number, body = "", type = "text/plain"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Reads, size-checks and authenticates a webhook; answers the failure itself and returns null. */
async function authenticate(
  req: IncomingMessage,
  res: ServerResponse,
  config: SmsConfig,
  maxBytes: number,
): Promise<Record<string, string | string[]> | null> {
  if (req.method !== "POST") {
    reply(res, 405);
    return null;
  }
  let raw: string;
  try {
    raw = await readBody(req, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      res.setHeader("connection", "close");
      reply(res, 413);
      return null;
    }
    throw err;
  }
  const params = parseForm(raw);
  const signature = req.headers["x-twilio-signature"];
  // Embedded mode has no auth token, so nothing can be verified: refuse rather than trust.
  const valid =
    config.mode === "connected" &&
    typeof signature === "string" &&
    twilio.validateRequest(config.authToken, signature, publicUrl(req, config), params);
  if (!valid) {
    logger.warn("twilio webhook rejected: bad or missing signature", { path: req.url?.split("?")[0] });
    metrics.webhookSignatureFailure(req.url?.startsWith("/webhooks/twilio/status") ? "status" : "sms");
    reply(res, 403);
    return null;
  }
  return params;
}

export function createTwilioWebhookHandlers(opts: TwilioWebhookOptions): {
  sms: NodeHandler;
  status: NodeHandler;
} {
  const { db, config } = opts;
  const maxBytes = opts.maxBodyBytes ?? 16 * 1024;

  const smsHandler: NodeHandler = async (req, res) => {
    try {
      const params = await authenticate(req, res, config, maxBytes);
      if (!params) return;
      const parsed = inboundSchema.safeParse(params);
      if (!parsed.success) return reply(res, 400);
      const { MessageSid, From, Body } = parsed.data;
      // Stored (and keywords applied) before the answer, so a 200 means nothing can be lost.
      await opts.onMessage({ from: From, body: Body, providerSid: MessageSid });
      metrics.textInbound();
      reply(res, 200, EMPTY_TWIML, "text/xml");
    } catch (err) {
      logger.error("twilio inbound webhook failed", { err: String(err).slice(0, 200) });
      if (!res.headersSent) reply(res, 500);
    }
  };

  const statusHandler: NodeHandler = async (req, res) => {
    try {
      const params = await authenticate(req, res, config, maxBytes);
      if (!params) return;
      const parsed = statusSchema.safeParse(params);
      if (!parsed.success) return reply(res, 400);
      const messageId = new URL(req.url ?? "/", "http://x").searchParams.get("m") ?? undefined;
      await applyStatusUpdate(
        db,
        {
          messageId,
          providerSid: parsed.data.MessageSid,
          status: parsed.data.MessageStatus,
          errorCode: parsed.data.ErrorCode ?? null,
        },
        opts.onPhoneUnusable,
      );
      reply(res, 204);
    } catch (err) {
      logger.error("twilio status webhook failed", { err: String(err).slice(0, 200) });
      if (!res.headersSent) reply(res, 500);
    }
  };

  return { sms: smsHandler, status: statusHandler };
}
