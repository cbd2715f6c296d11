import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { LEGACY_PASSWORD, passwordFileFor } from "./embedded-password.js";
import {
  DataFolderInUseError,
  databaseUrl,
  ensureDatabase,
  freePort,
  startEmbeddedPostgres,
} from "./embedded-postgres.js";

const ROOT = path.resolve(".data/test-embedded", randomBytes(4).toString("hex"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.pid) killGroup(c.pid);
  rmSync(ROOT, { recursive: true, force: true });
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {}
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    return (await c.query("SELECT 1 AS one")).rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const urlWith = (password: string, port: number) =>
  `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;

/** The same URL with another password (the socket asks for it too). */
function socketUrl(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

/** Another process (own process group) owning a cluster, as a running app would. */
async function holder(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/fixtures/hold-cluster.ts", dataDir, String(port)],
    {
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe("embedded postgres: connections", () => {
  it("hands out URLs over the cluster's Unix socket, to the database asked for", async () => {
    const dataDir = path.join(ROOT, "socket");
    const port = await freePort();
    const h = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    try {
      await ensureDatabase(h.adminUrl, "socket_check");
      for (const [url, database] of [
        [h.adminUrl, "postgres"],
        [h.urlFor("socket_check"), "socket_check"],
        [databaseUrl(h.adminUrl, "socket_check"), "socket_check"],
      ] as const) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          // No server address: the connection came through the Unix socket, not TCP.
          const row = (await c.query("SELECT inet_server_addr() AS addr, current_database() AS db")).rows[0];
          expect(row).toEqual({ addr: null, db: database });
        } finally {
          await c.end();
        }
      }
    } finally {
      await h.stop();
    }
  });

  it("names another database of the same server, keeping host, port and options", () => {
    expect(databaseUrl("postgresql://u:p@localhost:5432/postgres?host=%2Ftmp", "x_1")).toBe(
      "postgresql://u:p@localhost:5432/x_1?host=%2Ftmp",
    );
    expect(databaseUrl("postgresql://u:p@127.0.0.1:5432/postgres", "y")).toBe(
      "postgresql://u:p@127.0.0.1:5432/y",
    );
    expect(() => databaseUrl("postgresql://u:p@127.0.0.1:5432/postgres", "a; DROP")).toThrow(
      /invalid database name/,
    );
  });
});

describe("embedded postgres: per-install password", () => {
  it("creates a random password file (0600) beside the cluster; the old constant no longer signs in", async () => {
    const dataDir = path.join(ROOT, "fresh");
    const port = await freePort();
    const h = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    try {
      const file = passwordFileFor(dataDir);
      const password = readFileSync(file, "utf8").trim();
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await answers(h.adminUrl)).toBe(true);
      expect(await answers(urlWith(password, port))).toBe(true);
      expect(await answers(urlWith(LEGACY_PASSWORD, port))).toBe(false);
      expect(await answers(socketUrl(h.adminUrl, LEGACY_PASSWORD))).toBe(false);
    } finally {
      await h.stop();
    }
  });

  it("moves a cluster made with the old hard-coded password to a new random one", async () => {
    const dataDir = path.join(ROOT, "legacy");
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    const c = new pg.Client({ connectionString: first.adminUrl });
    await c.connect();
    await c.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PASSWORD}'`);
    await c.end();
    await first.stop();
    unlinkSync(passwordFileFor(dataDir)); // as an install from before password files

    const again = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    try {
      const password = readFileSync(passwordFileFor(dataDir), "utf8").trim();
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      expect(await answers(urlWith(password, port))).toBe(true);
      expect(await answers(urlWith(LEGACY_PASSWORD, port))).toBe(false);
    } finally {
      await again.stop();
    }
  });
});

describe("embedded postgres: data folder lock", () => {
  it("a second start on a folder in use refuses and leaves the live database alone", async () => {
    const dataDir = path.join(ROOT, "busy");
    const port = await freePort();
    const owner = await holder(dataDir, port);
    const url = urlWith(readFileSync(passwordFileFor(dataDir), "utf8").trim(), port);
    expect(await answers(url)).toBe(true);

    const second = startEmbeddedPostgres({ dataDir, port: await freePort(), throwaway: true });
    await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(second).rejects.toThrow(`data folder ${dataDir} in use by pid ${owner.pid}`);
    expect(await answers(url)).toBe(true);
    killGroup(owner.pid!);
  });

  it("takes over the lock of an owner killed with kill -9 and stops the postgres it left behind", async () => {
    const dataDir = path.join(ROOT, "stale");
    const port = await freePort();
    const owner = await holder(dataDir, port);
    const exited = new Promise((r) => owner.once("exit", r));
    process.kill(owner.pid!, "SIGKILL"); // the owner only: its postmaster lives on as an orphan
    await exited;
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    const url = urlWith(readFileSync(passwordFileFor(dataDir), "utf8").trim(), port);
    expect(await answers(url)).toBe(true);

    const next = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    try {
      expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(process.pid);
      expect(await answers(next.adminUrl)).toBe(true);
    } finally {
      await next.stop();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
