import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "../prisma/seed.js";
import { createHttpApp, type RouteHandler } from "../server/app.js";
import { type AppConfig, loadConfig } from "../server/config/index.js";
import { createEngine, type Engine } from "../server/engine/index.js";
import { createLiveEvents } from "../server/http/live-events.js";
import { wallClockNowMs } from "../server/lib/clock.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface HttpKit {
  t: TestDatabase;
  engine?: Engine;
  base: string;
  config: AppConfig;
  /** A tRPC call over real HTTP; returns status, headers and the parsed body. */
  trpc(
    path: string,
    input?: unknown,
    opts?: { cookie?: string; method?: "GET" | "POST"; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: unknown; cookie?: string }>;
  signIn(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The real HTTP app (tRPC, /events, extra routes) on a fresh seeded database, on a free port. */
export async function startHttpKit(
  opts: {
    env?: Record<string, string>;
    routes?: (t: TestDatabase) => RouteHandler[];
    /** Also run the embedded engine, so runs.* procedures reach a real run engine. */
    engine?: boolean;
  } = {},
): Promise<HttpKit> {
  const t = await createTestDatabase();
  await seedDemo(t.db, { hospitalName: "Test Hospital" });
  let engine: Engine | undefined;
  const env: Record<string, string> = { NODE_ENV: "test", ...opts.env };
  if (opts.engine) {
    const secretKey = "tr_dev_http_kit";
    process.env.DATABASE_URL = t.url;
    process.env.TRIGGER_SECRET_KEY = secretKey;
    engine = await createEngine({
      databaseUrl: t.url,
      projectDir: ROOT,
      allowClockControl: true,
      wallClock: wallClockNowMs,
      strictKeys: true,
      secretKey,
    });
    await engine.start();
    process.env.TRIGGER_API_URL = engine.apiUrl;
    Object.assign(env, { TRIGGER_API_URL: engine.apiUrl, TRIGGER_SECRET_KEY: secretKey });
  }
  const config = loadConfig(env);
  const live = await createLiveEvents({ db: t.db, databaseUrl: t.url });
  const server = createHttpApp({
    services: { db: t.db, config, ...(engine ? { clock: engine.clock } : {}) },
    routes: [...(opts.routes?.(t) ?? []), live.handle],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const trpc: HttpKit["trpc"] = async (path, input, o = {}) => {
    const method = o.method ?? "POST";
    const headers: Record<string, string> = { "x-sequora-csrf": "1", ...o.headers };
    if (o.cookie) headers.cookie = o.cookie;
    let url = `${base}/trpc/${path}`;
    let body: string | undefined;
    if (method === "GET") {
      if (input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    } else {
      headers["content-type"] = "application/json";
      body = JSON.stringify(input === undefined ? {} : { json: input });
    }
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    const setCookie = res.headers.get("set-cookie")?.split(";")[0];
    return {
      status: res.status,
      headers: res.headers,
      body: parsed,
      ...(setCookie ? { cookie: setCookie } : {}),
    };
  };
  return {
    t,
    ...(engine ? { engine } : {}),
    base,
    config,
    trpc,
    async signIn(email, password = "sequora-demo") {
      const r = await trpc("auth.signIn", { email, password });
      if (r.status !== 200 || !r.cookie) throw new Error(`sign-in failed for ${email}: ${r.status}`);
      return r.cookie;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await live.stop();
      await engine?.stop();
      await t.drop();
    },
  };
}
