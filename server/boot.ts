import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "../prisma/seed.js";
import type { AppConfig } from "./config.js";
import { createDb, type Db } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { resolveDatabase } from "./db/resolve.js";
import { createHttpApp, type RouteHandler } from "./http/app.js";
import { logger } from "./lib/logger.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningApp {
  url: string;
  db: Db;
  databaseUrl: string;
  seeded: boolean;
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
    const shouldSeed = config.env.SEED_DEMO ?? database.embedded;
    const { seeded } = shouldSeed
      ? await seedDemo(db, { hospitalName: config.env.HOSPITAL_NAME })
      : { seeded: false };
    const routes: RouteHandler[] = [];
    const server = createHttpApp({
      services: { db, config },
      routes,
      staticDir: path.join(ROOT, "dist/client"),
    });
    await listen(server, config.env.PORT, config.env.HOST);
    cleanups.unshift(() => close(server));
    const url = `http://${config.env.HOST}:${config.env.PORT}`;
    return {
      url,
      db,
      databaseUrl: database.url,
      seeded,
      stop: async () => {
        for (const fn of cleanups.splice(0)) await fn().catch(() => {});
      },
    };
  } catch (err) {
    for (const fn of cleanups) await fn().catch(() => {});
    throw err;
  }
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
