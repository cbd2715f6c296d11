// "A state change is visible within 1 s": the whole product over real HTTP (embedded Postgres and
// engine, demo data), a nurse signed in with the SPA's live channel (/events) open. Each round a
// second nurse adds a note to a task through tRPC; we time until the browser's event arrives and
// until the queue the browser would then re-query has answered.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD } from "../prisma/seed.js";
import { startApp } from "../server/boot.js";
import { loadConfig } from "../server/config/index.js";
import { freePort, startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { freshDatabase, percentile } from "./engine-peers/measure.js";
import type { BenchResult } from "./types.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DB_NAME = "sequora_bench_live";
const ROUNDS = 40;

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-sequora-csrf": "1" },
    body: JSON.stringify({ json: { email, password: DEMO_PASSWORD } }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** The browser's side of /events: resolves each wait at the first change naming one of `tables`. */
async function openLiveChannel(base: string, cookie: string, signal: AbortSignal) {
  const res = await fetch(`${base}/events`, { headers: { cookie }, signal });
  if (res.status !== 200 || !res.body) throw new Error(`/events answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let waiter: { tables: string[]; resolve: (at: number) => void } | undefined;
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value);
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = /^event: change\ndata: (.*)$/m.exec(frame)?.[1];
        if (data && waiter) {
          const { tables } = JSON.parse(data) as { tables: string[] };
          if (tables.some((t) => waiter?.tables.includes(t))) {
            waiter.resolve(performance.now());
            waiter = undefined;
          }
        }
        cut = buffer.indexOf("\n\n");
      }
    }
  })();
  return {
    next(tables: string[]): Promise<number> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no change event within 5 s")), 5000);
        waiter = {
          tables,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = path.join(ROOT, ".data/bench-live");
  const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwaway: true });
  const databaseUrl = await freshDatabase(cluster.adminUrl, DB_NAME);
  const appData = mkdtempSync(path.join(tmpdir(), "sequora-bench-live-"));
  const app = await startApp(
    loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      PORT: String(await freePort()),
      DATA_DIR: appData,
      SEED_DEMO: "true",
      // The static demo world: a history playing in the background would be measured too.
      DEMO_HISTORY: "off",
    }),
  );
  const abort = new AbortController();
  try {
    const watcher = await signIn(app.url, "ana.nurse@sequora.test");
    const actor = await signIn(app.url, "luis.nurse@sequora.test");
    const live = await openLiveChannel(app.url, watcher, abort.signal);
    const trpc = (procedure: string, cookie: string, init?: { body: unknown }) =>
      fetch(`${app.url}/trpc/${procedure}`, {
        method: init ? "POST" : "GET",
        headers: { cookie, "content-type": "application/json", "x-sequora-csrf": "1" },
        ...(init ? { body: JSON.stringify({ json: init.body }) } : {}),
      });
    const queue = await trpc("task.list", watcher);
    const open = ((await queue.json()) as { result: { data: { json: { tasks: { id: string }[] } } } }).result
      .data.json.tasks;
    if (open.length === 0) throw new Error("the demo data has no open task");
    const toEvent: number[] = [];
    const toView: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const task = open[i % open.length]!;
      const arrived = live.next(["TaskEvent", "EscalationTask"]);
      const t0 = performance.now();
      const res = await trpc("task.addNote", actor, { body: { id: task.id, text: `bench note ${i}` } });
      if (res.status !== 200) throw new Error(`addNote answered ${res.status}`);
      const t1 = await arrived;
      const view = await trpc("task.list", watcher);
      await view.arrayBuffer();
      toEvent.push(t1 - t0);
      toView.push(performance.now() - t0);
      // Let the previous change's coalescing window close so rounds do not share an event.
      await new Promise((r) => setTimeout(r, 250));
    }
    toEvent.sort((a, b) => a - b);
    toView.sort((a, b) => a - b);
    return [
      { group: "live", name: "change -> browser event p50", value: percentile(toEvent, 50), unit: "ms" },
      { group: "live", name: "change -> browser event p95", value: percentile(toEvent, 95), unit: "ms" },
      {
        group: "live",
        name: "change -> queue re-queried p95 (visible)",
        value: percentile(toView, 95),
        unit: "ms",
        goal: "< 1,000 ms",
        ok: percentile(toView, 95) < 1000,
      },
    ];
  } finally {
    abort.abort();
    await app.stop();
    await cluster.stop();
    rmSync(appData, { recursive: true, force: true });
  }
}
