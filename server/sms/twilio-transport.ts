import twilio from "twilio";
import { logger } from "../lib/logger.js";
import type { ConnectedSmsConfig } from "./config.js";
import { toProviderFailure } from "./errors.js";
import { fromTwilioStatus } from "./status.js";
import {
  type OutboundRequest,
  type ProviderMessage,
  type SentCandidate,
  type SmsTransport,
  STATUS_WEBHOOK_PATH,
  TransportError,
} from "./transport.js";

type RequestOptions = Parameters<twilio.RequestClient["request"]>[0];

// The SDK's `edge`/`region` options only rewrite hostnames inside twilio.com, so pointing it at
// another host (the fake in tests, an egress proxy) takes a custom httpClient: the stock one with
// the origin of every URI swapped. Everything else (auth, serialisation, errors) stays the SDK's.
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    opts: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestOptions) {
    const target = new URL(opts.uri);
    target.protocol = this.base.protocol;
    target.host = this.base.host;
    return super.request<TData>({ ...opts, uri: target.toString() } as RequestOptions & { data?: TData });
  }
}

export function createTwilioClient(config: ConnectedSmsConfig): twilio.Twilio {
  const httpOpts = { timeout: config.requestTimeoutMs, keepAlive: true };
  const httpClient = config.apiBaseUrl
    ? new BaseUrlRequestClient(new URL(config.apiBaseUrl), httpOpts)
    : new twilio.RequestClient(httpOpts);
  return twilio(config.accountSid, config.authToken, { httpClient, timeout: config.requestTimeoutMs });
}

function toProviderMessage(m: { sid: string; status: string; errorCode: number | null }): ProviderMessage {
  const status = fromTwilioStatus(m.status);
  return { providerSid: m.sid, statuses: status ? [status] : [], errorCode: m.errorCode ?? null };
}

// Clocks differ between us and Twilio; a little slack keeps a lost message findable.
const CLOCK_SKEW_MS = 5 * 60_000;

export function createTwilioTransport(
  config: ConnectedSmsConfig,
  client = createTwilioClient(config),
): SmsTransport {
  const sender = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };
  if (!config.publicBaseUrl) {
    logger.warn("PUBLIC_BASE_URL is not set: Twilio status callbacks are off, delivery status stays QUEUED");
  }
  return {
    kind: "twilio",
    // Create plus the reconciliation list call, each bounded by the request timeout, and slack.
    inFlightLeaseMs: 2 * config.requestTimeoutMs + 5_000,
    async send(req: OutboundRequest) {
      // The message id in the callback URL lets a callback that beats our own create response
      // still find its row (the providerSid is not stored yet at that moment).
      const statusCallback = config.publicBaseUrl
        ? `${config.publicBaseUrl}${STATUS_WEBHOOK_PATH}?m=${encodeURIComponent(req.messageId)}`
        : undefined;
      try {
        const m = await client.messages.create({ to: req.to, body: req.body, ...sender, statusCallback });
        return toProviderMessage(m);
      } catch (err) {
        throw new TransportError(toProviderFailure(err));
      }
    },
    async findSent(query) {
      try {
        const from = "from" in sender ? sender.from : undefined;
        const page = await client.messages.list({ to: query.to, from, limit: 50 });
        const since = query.since.getTime() - CLOCK_SKEW_MS;
        return page
          .filter((m) => m.body === query.body && m.dateCreated.getTime() >= since)
          .map((m): SentCandidate => ({ ...toProviderMessage(m), createdAt: m.dateCreated }));
      } catch (err) {
        throw new TransportError(toProviderFailure(err));
      }
    },
  };
}
