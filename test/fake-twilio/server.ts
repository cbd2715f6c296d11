// A real HTTP server speaking Twilio's REST wire format, for the real `twilio` SDK to talk to in
// tests and benches. Faults are injected in-process; callbacks and inbound webhooks it fires are
// signed with the SDK's own helper, exactly as Twilio signs them.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import twilio from "twilio";
import {
  errorBody,
  type FakeMessage,
  listPage,
  matchesListFilters,
  messageResource,
  newSid,
} from "./wire.js";

export type { FakeMessage } from "./wire.js";

export type Fault =
  | { kind: "http"; status: number } // e.g. 500, 503 (Twilio code 20500)
  | { kind: "rate-limit" } // 429, code 20429
  | { kind: "error-code"; code: number; status?: number } // 21610, 21211, 30003...
  | { kind: "hang" } // never answers; the client's timeout fires
  | { kind: "lose-response" }; // the message is stored, then the socket is destroyed

export type FaultTarget = "create" | "list" | "fetch" | "any";

export interface FakeTwilio {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  messages: FakeMessage[];
  requests: { method: string; path: string; query: string }[];
  injectFault(fault: Fault, opts?: { times?: number; on?: FaultTarget }): void;
  clearFaults(): void;
  sentTo(to: string): FakeMessage[];
  /** Posts a signed status callback for a stored message to its StatusCallback (or `url`). */
  sendStatusCallback(
    sid: string,
    status: string,
    opts?: { errorCode?: number; url?: string },
  ): Promise<number>;
  /** Posts an inbound SMS webhook like Twilio does; `signature: "none" | "bad"` for negative tests. */
  sendInbound(
    url: string,
    msg: InboundWebhook,
  ): Promise<{ status: number; body: string; contentType: string | null }>;
  close(): Promise<void>;
}

export interface InboundWebhook {
  from: string;
  to: string;
  body: string;
  messageSid?: string;
  signature?: "valid" | "none" | "bad";
  /** Sign for this URL instead of the one posted to (a proxy that rewrites the URL). */
  signedFor?: string;
}

interface FaultRule {
  fault: Fault;
  remaining: number;
  on: FaultTarget;
}

export async function startFakeTwilio(
  opts: { accountSid?: string; authToken?: string } = {},
): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = opts.authToken ?? randomBytes(16).toString("hex");
  const messages: FakeMessage[] = [];
  const requests: FakeTwilio["requests"] = [];
  const faults: FaultRule[] = [];
  const sockets = new Set<Socket>();

  const takeFault = (target: Exclude<FaultTarget, "any">): Fault | null => {
    const rule = faults.find((f) => f.remaining > 0 && (f.on === target || f.on === "any"));
    if (!rule) return null;
    rule.remaining--;
    return rule.fault;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { message: String(err) }));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    requests.push({ method: req.method ?? "", path: url.pathname, query: url.search });
    const route = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(url.pathname);
    if (!route) return sendError(res, 20404);
    if (!authorised(req, route[1] ?? "")) return sendError(res, 20003);
    const target = req.method === "POST" ? "create" : route[2] ? "fetch" : "list";
    const body = await readForm(req);
    const fault = takeFault(target);
    if (fault && fault.kind !== "lose-response") return applyFault(res, fault);
    if (target === "create") {
      const created = createMessage(body);
      if ("error" in created) return sendError(res, created.error);
      // Twilio accepted the message, but the caller never learns it.
      if (fault?.kind === "lose-response") return void req.socket.destroy();
      return sendJson(res, 201, messageResource(created));
    }
    if (fault?.kind === "lose-response") return void req.socket.destroy();
    if (target === "fetch") {
      const m = messages.find((x) => x.sid === route[2]);
      return m ? sendJson(res, 200, messageResource(m)) : sendError(res, 20404);
    }
    const rows = messages.filter((m) => matchesListFilters(m, url.searchParams)).reverse();
    return sendJson(res, 200, listPage(accountSid, rows, url.searchParams));
  }

  function authorised(req: IncomingMessage, pathSid: string): boolean {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Basic ")) return false;
    const [user, pass] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return user === accountSid && pass === authToken && pathSid === accountSid;
  }

  function createMessage(form: URLSearchParams): FakeMessage | { error: number } {
    const to = form.get("To");
    const body = form.get("Body");
    if (!to) return { error: 21604 };
    if (!body) return { error: 21602 };
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return { error: 21211 };
    const t = new Date();
    const m: FakeMessage = {
      sid: newSid(),
      accountSid,
      to,
      from: form.get("From"),
      messagingServiceSid: form.get("MessagingServiceSid"),
      body,
      status: "queued",
      statusCallback: form.get("StatusCallback"),
      errorCode: null,
      dateCreated: t,
      dateSent: t,
      dateUpdated: t,
    };
    messages.push(m);
    return m;
  }

  function applyFault(res: ServerResponse, fault: Exclude<Fault, { kind: "lose-response" }>) {
    switch (fault.kind) {
      case "http":
        return sendError(res, 20500, fault.status);
      case "rate-limit":
        return sendError(res, 20429);
      case "error-code":
        return sendError(res, fault.code, fault.status);
      case "hang":
        return; // the socket stays open until the client gives up or close() runs
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requests,
    injectFault(fault, o = {}) {
      faults.push({ fault, remaining: o.times ?? 1, on: o.on ?? "create" });
    },
    clearFaults() {
      faults.length = 0;
    },
    sentTo: (to) => messages.filter((m) => m.to === to),
    async sendStatusCallback(sid, status, o = {}) {
      const m = messages.find((x) => x.sid === sid);
      if (!m) throw new Error(`fake twilio: no message ${sid}`);
      const url = o.url ?? m.statusCallback;
      if (!url) throw new Error(`fake twilio: message ${sid} has no StatusCallback`);
      m.status = status;
      m.errorCode = o.errorCode ?? m.errorCode;
      m.dateUpdated = new Date();
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        From: m.from ?? "",
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
        ...(o.errorCode !== undefined ? { ErrorCode: String(o.errorCode) } : {}),
      };
      return (await postSigned(url, params, authToken, "valid")).status;
    },
    async sendInbound(url, msg) {
      const sid = msg.messageSid ?? newSid();
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        Body: msg.body,
        From: msg.from,
        MessageSid: sid,
        NumMedia: "0",
        NumSegments: "1",
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: "received",
        To: msg.to,
      };
      const res = await postSigned(url, params, authToken, msg.signature ?? "valid", msg.signedFor);
      return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") };
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function postSigned(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signature: "valid" | "none" | "bad",
  signedFor = url,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== "none") {
    const good = twilio.getExpectedTwilioSignature(authToken, signedFor, params);
    headers["x-twilio-signature"] = signature === "valid" ? good : `${good.slice(0, -4)}AAA=`;
  }
  return fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendJson(res: ServerResponse, status: number, json: unknown): void {
  const body = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, code: number, status?: number): void {
  const e = errorBody(code, status);
  sendJson(res, e.status, e.json);
}
