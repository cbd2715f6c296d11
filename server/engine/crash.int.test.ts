import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { configure, runs, tasks, wait } from "@trigger.dev/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { FIXTURE_DIR, waitForRun } from "./engine-test-kit.js";

const CLI = path.resolve(import.meta.dirname, "cli.ts");
let db: TestDatabase;
let pool: pg.Pool;
let child: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const p = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return p;
}

/** Spawns the real CLI and resolves once it printed its ready line. */
async function startCli(onPort = port, extra: string[] = []): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", CLI, "--project", FIXTURE_DIR, "--port", String(onPort), ...extra],
    {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        FIXTURE_DATABASE_URL: db.url,
        ENGINE_LEASE_SECONDS: "2",
        // One executor thread per CLI: each start loads the SDK once more in a thread.
        ENGINE_EXECUTORS: "1",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (onPort === port) child = proc;
  await new Promise<void>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(`engine ready at http://127.0.0.1:${onPort}`)) resolve();
    });
    proc.once("exit", (code) => reject(new Error(`engine exited early (${code}): ${out}`)));
  });
  return proc;
}

async function stopCli(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  proc.kill("SIGTERM");
  return exited;
}

/** On a stuck run, print what blocks it (the assertion message alone says too little). */
async function finished(id: string) {
  try {
    return await waitForRun(id, { timeoutMs: 60_000 });
  } catch (err) {
    const diag = await pool.query(
      `SELECT r.friendly_id, r.task_identifier, r.status, r.available_at, r.attempt_number, r.execution_count,
         json_agg(json_build_object('wp', w.id, 'type', w.type, 'done', w.completed_at, 'run', w.completed_by_run_id,
           'batch', w.completed_by_batch_id, 'after', w.complete_after)) AS blocks
       FROM trigger_engine.runs r LEFT JOIN trigger_engine.run_blocks b ON b.run_id = r.id
       LEFT JOIN trigger_engine.waitpoints w ON w.id = b.waitpoint_id WHERE r.friendly_id = $1 GROUP BY r.id`,
      [id],
    );
    const kids = await pool.query(
      "SELECT friendly_id, status, batch_id, batch_index FROM trigger_engine.runs WHERE parent_run_id = $1",
      [id],
    );
    throw new Error(`${String(err)}\n${JSON.stringify(diag.rows)}\n${JSON.stringify(kids.rows)}`);
  }
}

async function kill9(): Promise<void> {
  const proc = child;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(
    "CREATE TABLE IF NOT EXISTS fixture_effects (key text PRIMARY KEY, run_id text NOT NULL, n integer NOT NULL DEFAULT 1)",
  );
  port = await freePort();
  configure({ baseURL: `http://127.0.0.1:${port}`, accessToken: "tr_dev_crash" });
});

afterAll(async () => {
  if (child) await stopCli(child);
  await pool?.end();
  await db?.drop();
});

describe("kill -9 at any moment loses nothing", () => {
  it("every run finishes exactly once across repeated crashes", { timeout: 120_000 }, async () => {
    await startCli();
    const waiters = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tasks.trigger("fixture.wait-for", { seconds: 6, key: `c${i}` })),
    );
    const parents = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tasks.trigger("fixture.parent", { n: i + 2 })),
    );
    const flaky = await Promise.all(
      Array.from({ length: 6 }, () => tasks.trigger("fixture.flaky", { failTimes: 1 })),
    );
    const tokenRuns = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        tasks.trigger("fixture.wait-token", { timeout: "1h", key: `ct${i}` }),
      ),
    );
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      await kill9();
      await startCli();
      // Complete one waiting token per restart: the answer must reach a run whose process died.
      const target = tokenRuns[k];
      if (target) {
        const run = await waitForRun(target.id, { status: "WAITING", timeoutMs: 30_000 });
        await wait.completeToken(run.metadata?.tokenId as string, { answer: `a${k}` });
      }
    }
    for (const [i, h] of waiters.entries()) {
      const run = await finished(h.id);
      expect(run.status).toBe("COMPLETED");
      const eff = await pool.query<{ key: string; n: number }>(
        "SELECT key, n FROM fixture_effects WHERE key LIKE $1",
        [`c${i}:%`],
      );
      const byKey = Object.fromEntries(eff.rows.map((r) => [r.key, r.n]));
      expect(byKey[`c${i}:after`]).toBeGreaterThanOrEqual(1);
      expect(byKey[`c${i}:before`]).toBeGreaterThanOrEqual(2);
    }
    for (const [i, h] of parents.entries()) {
      const run = await finished(h.id);
      const n = i + 2;
      expect(run.output).toEqual({ squared: n * n, atIsDate: true, batch: [4, "error:child 3 failed"] });
      // Re-executions and crashes never triggered a child twice.
      expect(run.relatedRuns.children?.length).toBe(3);
    }
    for (const [i, h] of tokenRuns.entries()) {
      expect((await finished(h.id)).output).toEqual({ timedOut: false, answer: `a${i}` });
    }
    for (const h of flaky) {
      const run = await finished(h.id);
      expect(run.output).toEqual({ attempt: 2 });
    }
    const stuck = await pool.query(
      "SELECT count(*)::int AS n FROM trigger_engine.runs WHERE status NOT IN ('COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_ERRORS')",
    );
    expect(stuck.rows[0].n).toBe(0);
    const all = await runs.list({ limit: 100 });
    expect(all.data.length).toBeGreaterThanOrEqual(12 + 6 * 4 + 6);
  });

  it("two engine processes share one database; each run executes once", { timeout: 60_000 }, async () => {
    const second = await startCli(await freePort());
    const handles = await Promise.all(
      Array.from({ length: 40 }, (_, i) => tasks.trigger("fixture.hello", { name: `w${i}` })),
    );
    for (const hd of handles) expect((await waitForRun(hd.id)).status).toBe("COMPLETED");
    const res = await pool.query<{ execution_count: number; attempts: number }>(
      `SELECT r.execution_count, (SELECT count(*)::int FROM trigger_engine.attempts a WHERE a.run_id = r.id) AS attempts
       FROM trigger_engine.runs r WHERE r.friendly_id = ANY($1)`,
      [handles.map((hd) => hd.id)],
    );
    expect(res.rows.length).toBe(40);
    for (const row of res.rows) expect(row).toEqual({ execution_count: 1, attempts: 1 });
    const workers = await pool.query<{ n: number }>(
      "SELECT count(DISTINCT worker_id)::int AS n FROM trigger_engine.attempts a JOIN trigger_engine.runs r ON r.id = a.run_id WHERE r.friendly_id = ANY($1)",
      [handles.map((hd) => hd.id)],
    );
    expect(workers.rows[0]?.n).toBeGreaterThanOrEqual(1);
    // A clean shutdown on SIGTERM exits with 0.
    expect(await stopCli(second)).toBe(0);
  });

  it("a clock move in one embedded process reaches the others; connected mode ignores it", {
    timeout: 60_000,
  }, async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const a = await startCli(pa, ["--clock-control"]);
    const b = await startCli(pb, ["--clock-control"]);
    const auth = { authorization: "Bearer tr_dev_clock" };
    const moved = await fetch(`http://127.0.0.1:${pa}/engine/v1/clock?advanceMs=86400000`, {
      method: "POST",
      headers: auth,
    });
    expect(moved.status).toBe(200);
    let offset = 0;
    for (let i = 0; i < 50 && offset < 86_400_000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`http://127.0.0.1:${pb}/engine/v1/clock`, { headers: auth });
      offset = ((await res.json()) as { offsetMs: number }).offsetMs;
    }
    expect(offset).toBeGreaterThanOrEqual(86_400_000);
    // The primary engine runs without --clock-control: no clock route, real time.
    const connected = await fetch(`http://127.0.0.1:${port}/engine/v1/clock`, { headers: auth });
    expect(connected.status).toBe(404);
    expect(await stopCli(a)).toBe(0);
    expect(await stopCli(b)).toBe(0);
  });
});
