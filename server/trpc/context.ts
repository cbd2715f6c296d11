import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type ActiveSession,
  loadSession,
  SESSION_COOKIE,
  type SessionUser,
} from "../auth/session-service.js";
import type { AppConfig } from "../config/index.js";
import type { Db } from "../db/client.js";
import type { EmailTransport } from "../email/index.js";
import { clientAddress } from "../http/client-address.js";
import { parseCookies, serializeCookie } from "../http/cookies.js";
import type { SmsConfig, SmsService } from "../sms/index.js";

/** Everything a procedure may need; built without HTTP in tests (`createContextInner`). */
export interface AppServices {
  db: Db;
  config: AppConfig;
  sms?: SmsService;
  smsConfig?: SmsConfig;
  /** Staff e-mail, for what a procedure sends at once (a manual reassignment's EMERGENT e-mail). */
  email?: EmailTransport;
  /** Present only when virtual time may move (embedded engine): demos and QA jump ahead. */
  clock?: { now(): Date; offsetMs(): number; advance(ms: number): Promise<void> };
}

export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, opts: { expires?: Date; maxAgeSeconds?: number }): void;
  clear(name: string): void;
}

export interface Context extends AppServices {
  user: SessionUser | null;
  /** The signed-in session (idle deadline, id); null when signed out or built without HTTP. */
  session: ActiveSession | null;
  cookies: CookieJar;
  /** Caller address for sign-in limits and audit ("local" outside HTTP). */
  ip: string;
}

export function memoryCookieJar(
  initial: Record<string, string> = {},
): CookieJar & { values: Record<string, string> } {
  const values = { ...initial };
  return {
    values,
    get: (name) => values[name],
    set: (name, value) => {
      values[name] = value;
    },
    clear: (name) => {
      delete values[name];
    },
  };
}

export function createContextInner(
  opts: AppServices & {
    user?: SessionUser | null;
    session?: ActiveSession | null;
    cookies?: CookieJar;
    ip?: string;
  },
): Context {
  return {
    ...opts,
    user: opts.user ?? null,
    session: opts.session ?? null,
    cookies: opts.cookies ?? memoryCookieJar(),
    ip: opts.ip ?? "local",
  };
}

export const idleMsOf = (config: AppConfig) => (config.env.SESSION_IDLE_MINUTES ?? 30) * 60_000;

function httpCookieJar(req: IncomingMessage, res: ServerResponse, secure: boolean): CookieJar {
  const incoming = parseCookies(req.headers.cookie);
  const append = (cookie: string) => {
    const prev = res.getHeader("set-cookie");
    const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
    res.setHeader("set-cookie", [...list, cookie]);
  };
  return {
    get: (name) => incoming[name],
    set: (name, value, opts) => append(serializeCookie(name, value, { ...opts, secure })),
    clear: (name) => append(serializeCookie(name, "", { maxAgeSeconds: 0, secure })),
  };
}

export async function createHttpContext(
  services: AppServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Context> {
  const secure = services.config.env.PUBLIC_BASE_URL?.startsWith("https://") ?? false;
  const cookies = httpCookieJar(req, res, secure);
  const session = await loadSession(services.db, cookies.get(SESSION_COOKIE), idleMsOf(services.config));
  return createContextInner({
    ...services,
    user: session?.user ?? null,
    session,
    cookies,
    ip: clientAddress(req, services.config.env.TRUST_PROXY ?? false),
  });
}
