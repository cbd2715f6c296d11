import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "../prisma/seed.js";
import { createHttpApp, type RouteHandler } from "./app.js";
import type { AppConfig } from "./config/index.js";
import { createDb, type Db } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { resolveDatabase } from "./db/resolve.js";
import { retireDemoAccounts } from "./demo/demo-accounts.js";
import { DEMO_STAFF, playDemoHistory, prepareDemo } from "./demo/index.js";
import { createEmailTransport, loadEmailConfig } from "./email/index.js";
import { createEngine, type Engine } from "./engine/index.js";
import { createLiveEvents } from "./http/live-events.js";
import { jobs } from "./jobs/index.js";
import { wallClockNowMs } from "./lib/clock.js";
import { logger } from "./lib/logger.js";
import { setMetricsSources } from "./observability/collectors.js";
import { closeEngineStateSource } from "./services/alerts/index.js";
import { raisePhoneOutreach } from "./services/escalation/phone-outreach.js";
import { fhirFeedRoute } from "./services/hospital-feed/fhir-feed.js";
import { httpFeedRoute, mllpFeedAddress, startMllpFeed } from "./services/hospital-feed/mllp-feed.js";
import { receivePatientMessage, sweepPendingInbound } from "./services/inbound/index.js";
import { createSmsService, createTwilioWebhookHandlers, loadSmsConfig } from "./sms/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningApp {
  url: string;
  db: Db;
  databaseUrl: string;
  seeded: boolean;
  /** A first demo start's history, playing in the background (resolves when played). */
  demoHistory?: Promise<void>;
  /** Demo mode with the demo accounts in the database (seeded now or by an earlier demo start). */
  demoSignIns: boolean;
  /** The HL7 MLLP listener's address (`host:port`), or why it is not listening. */
  hl7Mllp: string | null;
  stop(): Promise<void>;
}

/** Brings up the whole product: database, migrations, demo data, HTTP server. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  const database = await resolveDatabase(config);
  const cleanups: (() => Promise<void>)[] = [() => database.stop()];
  try {
    const applied = await migrate(database.url);
    if (applied.length) logger.info("migrations applied", { count: applied.length });
    const db = createDb(database.url);
    cleanups.unshift(() => db.$disconnect());
    // The system checks' own connections (embedded engine: their task runs in this process).
    cleanups.unshift(() => closeEngineStateSource());
    const smsConfig = loadSmsConfig(process.env);
    // Demo accounts (public password) and simulated patients exist only in demo mode. Their
    // history is played through the real flows when texts stay local and the engine is ours.
    const shouldSeed = config.demo && config.env.SEED_DEMO !== false;
    const living =
      config.env.DEMO_HISTORY === "on" && config.mode === "embedded" && smsConfig.mode === "embedded";
    const { seeded, play } = !shouldSeed
      ? { seeded: false, play: false }
      : living
        ? await prepareDemo(db)
        : { ...(await seedDemo(db, { hospitalName: config.env.HOSPITAL_NAME })), play: false };
    if (!config.demo) {
      const retired = await retireDemoAccounts(db);
      if (retired)
        logger.warn("demo accounts on the public password switched off (not demo mode)", { retired });
    }
    const demoSignIns =
      config.demo &&
      (seeded ||
        (await db.user.count({ where: { email: { in: DEMO_STAFF.map((s) => s.email) }, active: true } })) >
          0);
    const url = `http://${config.env.HOST}:${config.env.PORT}`;
    const routes: RouteHandler[] = [];
    const engine =
      config.mode === "embedded"
        ? await startEmbeddedEngine(database.url, url, path.resolve(config.env.DATA_DIR), config.demo)
        : undefined;
    if (engine) {
      routes.push(engine.handle);
      cleanups.unshift(() => engine.stop());
    }
    // Tasks send staff e-mail with their own copy; this one is for procedures (a manual
    // reassignment), and loading it here makes a bad SMTP_URL stop start-up.
    const email = createEmailTransport(loadEmailConfig(process.env));
    cleanups.unshift(async () => email.close());
    const sms = createSmsService({ db, config: smsConfig });
    const inbound = { db, sms, jobs, config: smsConfig };
    const hooks = createTwilioWebhookHandlers({
      db,
      config: smsConfig,
      onMessage: (m) => receivePatientMessage(inbound, m),
      // A delivery report says the number cannot take texts: a nurse should phone the patient.
      onPhoneUnusable: (e) => raisePhoneOutreach({ db, jobs }, e),
    });
    routes.push(webhookRoutes(hooks));
    const hl7Http = httpFeedRoute(
      { db, jobs, hospitalName: config.env.HOSPITAL_NAME },
      config.env.HL7_HTTP_TOKENS,
    );
    if (hl7Http) routes.push(hl7Http);
    const fhirIn = fhirFeedRoute(
      { db, jobs, hospitalName: config.env.HOSPITAL_NAME },
      config.env.FHIR_HTTP_TOKENS,
    );
    if (fhirIn) routes.push(fhirIn);
    const live = await createLiveEvents({
      db,
      databaseUrl: database.url,
      idleMs: config.env.SESSION_IDLE_MINUTES * 60_000,
    });
    routes.push(live.handle);
    cleanups.unshift(() => live.stop());
    // Only demo mode may move time; outside it the engine also ignores any offset a demo stored.
    const clock = engine && config.demo ? { clock: engine.clock } : {};
    setMetricsSources({ db, ...(engine ? { engine: engine.state } : {}) });
    const services = { db, config, sms, smsConfig, email, ...clock };
    const server = createHttpApp({ services, routes, staticDir: path.join(ROOT, "dist/client") });
    await listen(server, config.env.PORT, config.env.HOST);
    cleanups.unshift(() => close(server));
    await engine?.start();
    const hl7Mllp = await startHl7Feed(config, db, cleanups);
    const sweeper = startInboundSweeper(() => sweepPendingInbound(inbound, { olderThanMs: 30_000 }));
    cleanups.unshift(async () => clearInterval(sweeper));
    let demoHistory: Promise<void> | undefined;
    if (play && engine) {
      const abort = new AbortController();
      const messaging = { db, sms, config: smsConfig };
      const hospitalName = config.env.HOSPITAL_NAME;
      demoHistory = playDemoHistory({ db, engine, messaging, hospitalName, signal: abort.signal }).catch(
        (err: unknown) =>
          logger.error("demo history stopped; the next start resumes it", { error: (err as Error).name }),
      );
      cleanups.unshift(async () => {
        abort.abort();
        await demoHistory;
      });
    }
    return {
      hl7Mllp,
      url,
      db,
      databaseUrl: database.url,
      seeded,
      ...(demoHistory ? { demoHistory } : {}),
      demoSignIns,
      stop: async () => {
        for (const fn of cleanups.splice(0)) await fn().catch(() => {});
      },
    };
  } catch (err) {
    for (const fn of cleanups) await fn().catch(() => {});
    throw err;
  }
}

// Hospital ADT feed. When configured, a port that cannot be had stops start-up; the demo's default
// port may be taken by another local app, which only costs the demo its listener.
async function startHl7Feed(config: AppConfig, db: Db, cleanups: (() => Promise<void>)[]) {
  const address = mllpFeedAddress(config.env, config.demo);
  if (!address) return null;
  try {
    const deps = { db, jobs, hospitalName: config.env.HOSPITAL_NAME };
    const listener = await startMllpFeed(deps, address);
    cleanups.unshift(() => listener.stop());
    return `${listener.host}:${listener.port}`;
  } catch (err) {
    if (config.env.HL7_MLLP_PORT !== undefined) throw err;
    logger.warn("HL7 MLLP listener not started", { port: address.port, error: (err as Error).name });
    return null;
  }
}

/**
 * Embedded mode: the run engine answers the Trigger.dev API on this same server, and the SDK is
 * pointed at it exactly as it would be at Trigger.dev (TRIGGER_API_URL / TRIGGER_SECRET_KEY), so
 * procedures and tasks need no mode switch. Task code finds its database through DATABASE_URL, as
 * it would in a Trigger.dev deployment.
 */
async function startEmbeddedEngine(
  databaseUrl: string,
  apiUrl: string,
  dataDir: string,
  demo: boolean,
): Promise<Engine> {
  const secretKey = embeddedSecretKey(dataDir);
  process.env.TRIGGER_API_URL = apiUrl;
  process.env.TRIGGER_SECRET_KEY = secretKey;
  process.env.DATABASE_URL = databaseUrl;
  return createEngine({
    databaseUrl,
    projectDir: ROOT,
    allowClockControl: demo,
    wallClock: wallClockNowMs,
    apiUrl,
    secretKey,
    strictKeys: true,
  });
}

// The engine's API is served on the app's own port, so its key must not be guessable: one random
// key per installation, kept beside the data (0600), never a constant in the code.
function embeddedSecretKey(dataDir: string): string {
  const file = path.join(dataDir, "engine-secret-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `tr_dev_${randomBytes(24).toString("hex")}`;
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

function webhookRoutes(hooks: ReturnType<typeof createTwilioWebhookHandlers>): RouteHandler {
  return async (req, res) => {
    const pathname = (req.url ?? "").split("?")[0];
    if (req.method !== "POST") return false;
    if (pathname === "/webhooks/twilio/sms") await hooks.sms(req, res);
    else if (pathname === "/webhooks/twilio/status") await hooks.status(req, res);
    else return false;
    return true;
  };
}

// A patient message stored but never handed on (crash right after the webhook's 200) is picked up here.
function startInboundSweeper(sweep: () => Promise<unknown>): NodeJS.Timeout {
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => logger.error("inbound sweep failed", { error: (err as Error).name }));
  }, 15_000);
  timer.unref();
  return timer;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
