// The real app (`server/main.ts`) as a child process in a process group of its own, so a test can
// kill it together with its embedded Postgres, as a power cut or an OOM kill of the box would.
import { type ChildProcess, spawn } from "node:child_process";

export interface AppProcess {
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The last lines the app wrote to stderr (for failure messages; logs carry no PHI). */
  stderrTail(): string;
}

// Variables that would point the child somewhere else than its own embedded world.
const INHERITED_OUT =
  /^(DATABASE_URL|TRIGGER_|TWILIO_|PUBLIC_BASE_URL|SEED_DEMO|DEMO_MODE|FRESH_DATA|SMTP_URL|EMAIL_FROM)/;

export function spawnApp(env: Record<string, string>): AppProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.test(k)));
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...base, ...env },
  });
  let tail = "";
  child.stderr?.on("data", (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (!child.pid) throw new Error("app did not start");
  return { pid: child.pid, child, exited, stderrTail: () => tail };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitHealthy(app: AppProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void app.exited.then((c) => {
    exitCode = c;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`app exited (${exitCode}) before it was healthy:\n${app.stderrTail()}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`app not healthy after ${timeoutMs} ms:\n${app.stderrTail()}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** kill -9 of the whole group (node, postmaster, backends); returns once every member is gone. */
export async function killGroup(app: AppProcess): Promise<void> {
  try {
    process.kill(-app.pid, "SIGKILL");
  } catch {}
  await app.exited;
  for (let i = 0; i < 200 && groupAlive(app.pid); i++) await sleep(50);
  if (groupAlive(app.pid)) throw new Error(`process group ${app.pid} survived SIGKILL`);
}

/** Ctrl+C-like stop at the end; kill -9 if it hangs. */
export async function stopApp(app: AppProcess, timeoutMs = 30_000): Promise<void> {
  if (app.child.exitCode !== null) return;
  app.child.kill("SIGTERM");
  const done = await Promise.race([app.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done || groupAlive(app.pid)) await killGroup(app);
}
