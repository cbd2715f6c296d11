import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { DEFAULT_IDLE_MS, loadSession, SESSION_COOKIE, sessionEvents } from "../auth/session-service.js";
import type { Db } from "../db/client.js";
import { logger } from "../lib/logger.js";
import { parseCookies } from "./cookies.js";

const CHANNEL = "sequora_changes";
const COALESCE_MS = 100;
const HEARTBEAT_MS = 25_000;

/**
 * GET /events: Server-Sent Events telling signed-in browsers which tables changed (names only), so
 * open views re-query at once instead of polling. One LISTEN connection per server process; writes
 * from any process (engine workers included) arrive through Postgres.
 */
export async function createLiveEvents(opts: { db: Db; databaseUrl: string; idleMs?: number }) {
  const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
  // Each stream remembers its session token: sign-out closes the stream at once, and every
  // heartbeat drops streams whose session has expired or gone idle.
  const streams = new Map<ServerResponse, { token: string; sessionId: string }>();
  const close = (res: ServerResponse) => {
    streams.delete(res);
    res.end();
  };
  const onEnded = (sessionId: string) => {
    for (const [res, s] of streams) if (s.sessionId === sessionId) close(res);
  };
  sessionEvents.on("ended", onEnded);
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const data = JSON.stringify({ tables: [...pending] });
    pending = new Set();
    for (const res of streams.keys()) res.write(`event: change\ndata: ${data}\n\n`);
  };
  const listener = new pg.Client({ connectionString: opts.databaseUrl });
  listener.on("error", (err) => logger.error("live events: LISTEN connection failed", { error: err.name }));
  listener.on("notification", (msg) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    pending.add(msg.payload);
    timer ??= setTimeout(flush, COALESCE_MS);
  });
  await listener.connect();
  await listener.query(`LISTEN ${CHANNEL}`);
  const heartbeat = setInterval(() => {
    for (const [res, s] of streams) {
      res.write(": keep-alive\n\n");
      loadSession(opts.db, s.token, idleMs)
        .then((live) => {
          if (!live) close(res);
        })
        .catch(() => {});
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/events") return false;
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const session = await loadSession(opts.db, token, idleMs);
    if (!session || !token) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Please sign in" } }));
      return true;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\nevent: ready\ndata: {}\n\n");
    streams.set(res, { token, sessionId: session.sessionId });
    req.on("close", () => streams.delete(res));
    return true;
  }

  return {
    handle,
    clientCount: () => streams.size,
    async stop() {
      clearInterval(heartbeat);
      sessionEvents.off("ended", onEnded);
      if (timer) clearTimeout(timer);
      for (const res of streams.keys()) close(res);
      await listener.end().catch(() => {});
    },
  };
}
