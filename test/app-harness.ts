import path from "node:path";
import { fileURLToPath } from "node:url";
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { seedDemo } from "../prisma/seed.js";
import { SESSION_COOKIE, userForSession } from "../server/auth/session-service.js";
import { loadConfig } from "../server/config/index.js";
import { createEngine, type Engine } from "../server/engine/index.js";
import { wallClockNowMs } from "../server/lib/clock.js";
import { appRouter } from "../server/routers/app-router.js";
import { createSmsService, loadSmsConfig } from "../server/sms/index.js";
import { createContextInner, memoryCookieJar } from "../server/trpc/context.js";
import { createCallerFactory } from "../server/trpc/trpc.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const createCaller = createCallerFactory(appRouter);

export interface AppHarness {
  t: TestDatabase;
  engine: Engine;
  as(email: string): Promise<ReturnType<typeof createCaller>>;
  /** Moves virtual time so that `date` has just passed, and lets the engine wake what is due. */
  advanceTo(date: Date): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  /** Moves virtual time to the next `hour`:00 in `timeZone` (tests start in daytime, outside quiet hours). */
  advanceToLocalHour(hour: number, timeZone: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real product in-process: a fresh migrated database with demo data, the embedded engine
 * running the task files of trigger/ behind its real HTTP API, and tRPC callers whose SDK calls
 * go to that engine exactly as they would in the running app.
 */
export async function startAppHarness(): Promise<AppHarness> {
  const t = await createTestDatabase();
  await seedDemo(t.db, { hospitalName: "Test Hospital" });
  const secretKey = "tr_dev_test_harness";
  process.env.DATABASE_URL = t.url;
  process.env.TRIGGER_SECRET_KEY = secretKey;
  const engine = await createEngine({
    databaseUrl: t.url,
    projectDir: ROOT,
    allowClockControl: true,
    wallClock: wallClockNowMs,
    strictKeys: true,
    secretKey,
  });
  await engine.start();
  process.env.TRIGGER_API_URL = engine.apiUrl;
  const config = loadConfig({
    NODE_ENV: "test",
    // The harness is the demo set-up (seeded accounts, movable clock, phone simulator); the
    // engine URL alone would count as a real Trigger.dev.
    DEMO_MODE: "on",
    TRIGGER_API_URL: engine.apiUrl,
    TRIGGER_SECRET_KEY: secretKey,
  });
  const smsConfig = loadSmsConfig({});
  const sms = createSmsService({ db: t.db, config: smsConfig });
  const services = { db: t.db, config, sms, smsConfig, clock: engine.clock };
  return {
    t,
    engine,
    async as(email) {
      const cookies = memoryCookieJar();
      await createCaller(createContextInner({ ...services, cookies })).auth.signIn({
        email,
        password: "sequora-demo",
      });
      const user = await userForSession(t.db, cookies.get(SESSION_COOKIE));
      return createCaller(createContextInner({ ...services, user, cookies }));
    },
    async advanceTo(date) {
      const ms = date.getTime() - engine.clock.now().getTime() + 1_000;
      if (ms > 0) await engine.clock.advance(ms);
    },
    async advanceBy(ms) {
      await engine.clock.advance(ms);
    },
    async advanceToLocalHour(hour, timeZone) {
      const local = new TZDate(engine.clock.now().getTime(), timeZone);
      let target = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), hour, 0, 0, timeZone);
      if (target.getTime() <= local.getTime()) target = new TZDate(addDays(target, 1).getTime(), timeZone);
      await engine.clock.advance(target.getTime() - engine.clock.now().getTime());
    },
    async stop() {
      await engine.stop();
      await t.drop();
    },
  };
}

/** Polls until `fn` returns a truthy value (real time), failing with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
