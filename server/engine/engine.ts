import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { logger } from "../lib/logger.js";
import { BulkActionWorker } from "./core/bulk-actions.js";
import { createClock, type EngineClock } from "./core/clock.js";
import type { EngineCore, ExecutionRef, Supervisor } from "./core/core.js";
import { createPool } from "./core/db.js";
import { executorThreadsFromEnv } from "./core/env.js";
import { ExecutorPool } from "./core/executors.js";
import { limitHeapGrowth } from "./core/heap-reclaim.js";
import { randomId } from "./core/ids.js";
import { loadProject } from "./core/loader.js";
import { migrateEngine } from "./core/migrations.js";
import { QUEUES_CHANNEL, QueueSettings } from "./core/queue-settings.js";
import { createRealtimeSource } from "./core/realtime-source.js";
import { RunLogWriter } from "./core/run-logs.js";
import { syncSchedules, tickSchedules } from "./core/scheduler.js";
import { type EngineState, engineState } from "./core/state.js";
import { StreamHub } from "./core/streams.js";
import { dropAllParked, maxSuspendedFromEnv, suspendedShare } from "./core/suspended.js";
import { EngineWorker } from "./core/worker.js";
import { serveFetchInProcess } from "./http/in-process.js";
import { createRouter } from "./http/router.js";
import { createRealtimeAuthorizer } from "./realtime/auth.js";
import { createRealtimeHandler } from "./realtime/handler.js";

export interface EngineOptions {
  databaseUrl: string;
  /** Folder holding trigger.config.ts. */
  projectDir: string;
  workerId?: string;
  /** Attempts executing at once in this process (waiting runs do not count). */
  concurrency?: number;
  /** Embedded mode: virtual time may be moved forward (process-wide Date shift). Never in connected mode. */
  allowClockControl?: boolean;
  /**
   * Real time in ms, the base of the engine's virtual clock and of the shifted process Date: the
   * host's own wall clock (Sequora passes `wallClockNowMs`). Must not read the global Date.
   */
  wallClock?: () => number;
  /** Key used to verify public JWTs; any `tr_dev_` key is accepted as a secret key unless `strictKeys`. */
  secretKey?: string;
  /** Accept only `secretKey` (and keys minted for live attempts): for an engine reachable by others. */
  strictKeys?: boolean;
  /** Base URL task code calls back into; when absent, start() listens on an ephemeral local port. */
  apiUrl?: string;
  /**
   * Threads that run task code (core/executors.ts), default `ENGINE_EXECUTORS` or 0 (the CLI: 2); 0 runs it in
   * the engine's own thread (a busy run then stalls the API, and a runaway run cannot be stopped).
   */
  executors?: number;
  /**
   * Suspended attempts kept in memory for the whole process, split among the executor threads
   * (core/suspended.ts); past it a resumed run replays. Default `ENGINE_MAX_SUSPENDED` or 2,000.
   */
  maxSuspended?: number;
  /** @internal set by executor-thread.ts: this engine is an executor thread's (no dequeue loop). */
  executor?: Supervisor & { cancel(runId: string): void; wake(): void };
}

export interface Engine {
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
  listen(port: number, host?: string): Promise<string>;
  readonly apiUrl: string | undefined;
  clock: {
    now(): Date;
    advance(ms: number): Promise<void>;
    offsetMs(): number;
    /** A fresh story (the living demo) starts this far behind the wall clock. */
    startBehind(ms: number): Promise<void>;
  };
  /** Read-only view of runs, waitpoints and due times (see `state.ts`). */
  state: EngineState;
  /**
   * Resolves the next time this process's worker is idle: nothing of its own executing or being
   * written, and its last claim found nothing ready (at once when it is, or has none). A hint for
   * waiting for quiet without polling the database while runs execute; `state.pendingWork` decides.
   */
  whenIdle(): Promise<void>;
  pool: pg.Pool;
  /** @internal an executor thread's core (executor-thread.ts runs attempts on it). */
  executorCore?: EngineCore;
}

type Listener = (seq: bigint) => void;

async function startListener(
  url: string,
  clock: EngineClock,
  onRun: (seq: bigint, dequeuable: boolean, friendlyId: string) => void,
  onClock: () => void,
  streams: StreamHub,
  onQueues: () => void,
) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", (err) => logger.error("engine: LISTEN connection failed", { err: String(err) }));
  await client.connect();
  client.on("notification", (msg) => {
    if (msg.channel === "trigger_engine_runs") {
      const [friendlyId, seq, dequeuable] = msg.payload?.split(":") ?? [];
      if (seq) onRun(BigInt(seq), dequeuable !== "0", friendlyId ?? "");
    } else if (msg.channel === "trigger_engine_streams") {
      if (msg.payload) streams.notify(msg.payload);
    } else if (msg.channel === "trigger_engine_clock") {
      void clock.reload().then(onClock);
    } else if (msg.channel === QUEUES_CHANNEL) {
      onQueues();
    }
  });
  await client.query("LISTEN trigger_engine_runs");
  await client.query("LISTEN trigger_engine_clock");
  await client.query("LISTEN trigger_engine_streams");
  await client.query(`LISTEN ${QUEUES_CHANNEL}`);
  return client;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  limitHeapGrowth();
  const pool = createPool(opts.databaseUrl, 20);
  await migrateEngine(pool);
  const inThread = opts.executor;
  const clock = await createClock(pool, opts.allowClockControl ?? false, opts.wallClock, !!inThread);
  const project = await loadProject(opts.projectDir);
  const secretKey = opts.secretKey ?? process.env.TRIGGER_SECRET_KEY ?? "tr_dev_embedded";
  let apiUrl = opts.apiUrl;
  let server: Server | undefined;
  const listeners = new Set<Listener>();
  const executions = new Map<string, ExecutionRef>();
  let worker: EngineWorker | undefined;
  let executors: ExecutorPool | undefined;
  const threadCount = inThread ? 0 : Math.max(0, opts.executors ?? executorThreadsFromEnv(process.env, 0));
  const maxSuspended = opts.maxSuspended ?? maxSuspendedFromEnv(process.env);
  const core: EngineCore = {
    pool,
    clock,
    project,
    queues: new QueueSettings(project.queueLimits),
    workerId: opts.workerId ?? `worker_${randomId().slice(0, 10)}`,
    apiUrl: () => {
      if (!apiUrl) throw new Error("engine API URL unknown: call listen() or pass apiUrl");
      return apiUrl;
    },
    executions,
    logs: new RunLogWriter(pool, () => clock.now()),
    streams: new StreamHub(),
    // With executor threads the engine thread runs no task code: the threads share the bound.
    maxSuspended: threadCount > 0 ? 0 : maxSuspended,
    wake: () => (inThread ? inThread.wake() : worker?.wake()),
    ...(inThread ? { supervise: inThread } : {}),
  };
  const workerId = core.workerId;
  core.bulk = new BulkActionWorker(core, (id) => (inThread ? inThread.cancel(id) : worker?.cancelLocal(id)));
  if (threadCount > 0) {
    const threadOpts = {
      databaseUrl: opts.databaseUrl,
      projectDir: opts.projectDir,
      allowClockControl: opts.allowClockControl ?? false,
      secretKey,
      strictKeys: opts.strictKeys ?? false,
      workerId,
      maxSuspended: suspendedShare(maxSuspended, threadCount),
    };
    executors = new ExecutorPool(core, threadCount, threadOpts, (id) => worker?.cancelLocal(id));
  }
  if (!inThread)
    worker = new EngineWorker(
      core,
      opts.concurrency ?? 25,
      () => tickSchedules(core),
      executors && ((run) => executors!.launch(run)),
    );
  core.directLease = worker;
  const authorize = createRealtimeAuthorizer({ secretKey });
  const realtime = createRealtimeHandler({
    source: createRealtimeSource(pool, (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    }),
    authorize: async (req, scope) => {
      const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/, "");
      return token.startsWith("tr_dev_") && !opts.strictKeys ? { ok: true } : authorize(req, scope);
    },
  });
  const clockApi = {
    now: () => clock.now(),
    offsetMs: () => clock.offsetMs(),
    advance: async (ms: number) => {
      await clock.advance(ms);
      await worker?.maintenance();
    },
    startBehind: (ms: number) => clock.startBehind(ms),
  };
  const handle = createRouter({
    core,
    secretKey,
    strictKeys: opts.strictKeys ?? false,
    cancelLocal: (id) => (inThread ? inThread.cancel(id) : worker?.cancelLocal(id)),
    realtime,
    ...(opts.allowClockControl ? { clockControl: { advance: clock.advance, offsetMs: clock.offsetMs } } : {}),
  });
  let listenClient: pg.Client | undefined;
  const serve: RequestListener = (req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "Not found" }));
      }
    });
  };
  let restoreFetch: (() => void) | undefined;

  let stopping: Promise<void> | undefined;
  const engine: Engine = {
    handle,
    pool,
    clock: clockApi,
    state: engineState(pool),
    whenIdle: () => worker?.whenIdle() ?? Promise.resolve(),
    ...(inThread ? { executorCore: core } : {}),
    get apiUrl() {
      return apiUrl;
    },
    async listen(port: number, host = "127.0.0.1") {
      server = createServer(serve);
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, host, () => resolve());
      });
      const addr = server.address() as AddressInfo;
      apiUrl ??= `http://${host}:${addr.port}`;
      return `http://${host}:${addr.port}`;
    },
    async start() {
      if (!apiUrl) await engine.listen(0);
      // Attempts and triggers in this thread call this thread's own API: in-process, no socket.
      // Only the engine's routes: the origin may be a host app's server (its /api/trpc stays HTTP).
      restoreFetch = serveFetchInProcess(apiUrl!, serve, handle.claims);
      listenClient = await startListener(
        opts.databaseUrl,
        clock,
        (seq, dequeuable, friendlyId) => {
          for (const fn of listeners) fn(seq);
          // An insert of several runs names none: nobody reads streams of a run just created.
          if (friendlyId) core.streams.notify(friendlyId);
          // Only a run that became ready (new, delayed, retrying, resumed) is worth a dequeue.
          if (dequeuable) worker?.wake();
        },
        () => void worker?.maintenance(),
        core.streams,
        // A queue paused, resumed or given another limit (here or by another process).
        () =>
          void core.queues.refresh(pool).then(
            () => worker?.wake(),
            (err: unknown) => logger.error("engine: queue settings reload failed", { err: String(err) }),
          ),
      );
      await core.queues.reload(pool);
      if (inThread) return;
      await executors?.start();
      await syncSchedules(core);
      worker!.start();
      // Bulk actions a stop interrupted go on.
      core.bulk?.kick();
    },
    stop() {
      // Once: a second call (a test's afterAll after its own stop, a signal during shutdown)
      // waits for the same shutdown instead of ending the pool twice.
      stopping ??= shutdown();
      return stopping;
    },
  };
  async function shutdown(): Promise<void> {
    await core.bulk?.stop();
    await worker?.stop();
    await executors?.stop();
    // Before the pool closes: parked attempts and their sweep must not touch it afterwards.
    dropAllParked(core);
    restoreFetch?.();
    await core.logs.flush();
    await listenClient?.end().catch(() => {});
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    await pool.end();
  }
  return engine;
}
