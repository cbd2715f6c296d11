import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isMainThread } from "node:worker_threads";
import { lifecycleHooks, resourceCatalog } from "@trigger.dev/core/v3";
import { StandardLifecycleHooksManager, StandardResourceCatalog } from "@trigger.dev/core/v3/workers";
import { logger } from "../../lib/logger.js";
import type { LimitShape } from "./concurrency.js";
import { installContextSlots, patchLoadedCommonJsSdk } from "./context-slots.js";

export interface RetryConfig {
  maxAttempts?: number;
  factor?: number;
  minTimeoutInMs?: number;
  maxTimeoutInMs?: number;
  randomize?: boolean;
}

export interface ProjectConfig {
  project?: string;
  dirs?: string[];
  maxDuration?: number;
  /** Default time a run may wait in the queue before it expires (task and trigger options override). */
  ttl?: string | number;
  retries?: { enabledInDev?: boolean; default?: RetryConfig };
  init?: unknown;
  onStart?: unknown;
  onSuccess?: unknown;
  onFailure?: unknown;
}

export interface TaskInfo {
  id: string;
  filePath: string;
  queueName: string;
  concurrencyLimit: number | undefined;
  /** The task's inline `concurrency` limit (`task/<id>`), if it declares one. */
  inlineLimit: string | undefined;
  /** The named limits the task holds (declared ones only). */
  limits: string[];
  maxDuration: number | undefined;
  ttl: string | number | undefined;
  /** A `schedules.task` (with or without a cron): imperative schedules may target it. */
  scheduled: boolean;
  schedule: { cron: string; timezone: string } | undefined;
}

export interface LoadedProject {
  dir: string;
  /** The project's trigger.config file, as found at load. */
  configPath: string;
  config: ProjectConfig;
  tasks: Map<string, TaskInfo>;
  /** Queue name -> concurrency limit, for queues that have one. */
  queueLimits: Map<string, number>;
  /** Concurrency limits by name: `concurrencyLimit()` declarations and tasks' inline limits. */
  concurrencyLimits: Map<string, LimitShape>;
  /** Every queue the project declares: a task's own (`task/<id>`) or a custom one (`queue()`, a named task queue). */
  queues: Map<string, "task" | "custom">;
}

const TASK_FILE = /\.(ts|mts|js|mjs)$/;
const SKIP = /(\.test\.|\.spec\.|\.d\.ts$)/;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else if (TASK_FILE.test(entry) && !SKIP.test(entry)) out.push(full);
  }
  return out.sort();
}

let loadedDir: string | undefined;

/**
 * Where a project file is imported from: the file itself, or (in an executor thread started from
 * a bundle, core/executor-bundle.ts) the bundle's module built from it.
 */
let moduleUrl = (file: string): string => pathToFileURL(file).href;

/** Imports a project's files from a bundle built from them: source path -> module URL. */
export function importProjectFrom(modules: Record<string, string>): void {
  moduleUrl = (file) => modules[file] ?? pathToFileURL(file).href;
}

const looksLikeTask = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { id?: unknown }).id === "string" &&
  typeof (v as { trigger?: unknown }).trigger === "function";

/**
 * Task registration only happens while a file context is set. If the host app imported a task
 * file at runtime before the engine loaded (ESM caches it, so it would never register), import a
 * second instance of that one file under a query string so its tasks register.
 */
async function importTaskFile(file: string, rel: string): Promise<void> {
  const before = resourceCatalog.listTaskManifests().length;
  resourceCatalog.setCurrentFileContext(rel, rel);
  try {
    const mod = (await import(moduleUrl(file))) as Record<string, unknown>;
    const gained = resourceCatalog.listTaskManifests().length > before;
    if (!gained && Object.values(mod).some(looksLikeTask)) {
      await import(`${moduleUrl(file)}?trigger-engine`);
    }
  } finally {
    resourceCatalog.clearCurrentFileContext();
  }
}

function registerConfigHooks(config: ProjectConfig): void {
  type Fn = Parameters<typeof lifecycleHooks.registerGlobalInitHook>[0]["fn"];
  if (config.init) lifecycleHooks.registerGlobalInitHook({ id: "config", fn: config.init as Fn });
  if (config.onStart)
    lifecycleHooks.registerGlobalStartHook({
      id: "config",
      fn: config.onStart as Parameters<typeof lifecycleHooks.registerGlobalStartHook>[0]["fn"],
    });
  if (config.onSuccess)
    lifecycleHooks.registerGlobalSuccessHook({
      id: "config",
      fn: config.onSuccess as Parameters<typeof lifecycleHooks.registerGlobalSuccessHook>[0]["fn"],
    });
  if (config.onFailure)
    lifecycleHooks.registerGlobalFailureHook({
      id: "config",
      fn: config.onFailure as Parameters<typeof lifecycleHooks.registerGlobalFailureHook>[0]["fn"],
    });
}

/**
 * Imports trigger.config.ts and every task file under its `dirs` into THIS process. The SDK's
 * registries are process-global, so one process serves exactly one project.
 */
export async function loadProject(projectDir: string): Promise<LoadedProject> {
  const dir = path.resolve(projectDir);
  if (loadedDir && loadedDir !== dir) throw new Error(`this process already loaded ${loadedDir}`);
  installContextSlots();
  if (!loadedDir) {
    resourceCatalog.setGlobalResourceCatalog(new StandardResourceCatalog());
    lifecycleHooks.setGlobalLifecycleHooksManager(new StandardLifecycleHooksManager());
  }
  const configPath = findConfig(dir);
  if (!configPath) throw new Error(`no trigger.config.ts in ${dir}`);
  const mod = (await import(moduleUrl(configPath))) as {
    default?: ProjectConfig;
    config?: ProjectConfig;
  };
  const config = mod.default ?? mod.config ?? {};
  if (!loadedDir) {
    registerConfigHooks(config);
    for (const file of taskFiles(dir, config)) await importTaskFile(file, path.relative(dir, file));
    patchLoadedCommonJsSdk();
  }
  loadedDir = dir;
  return { dir, configPath, config, ...collectTasks() };
}

function findConfig(dir: string): string | undefined {
  return ["trigger.config.ts", "trigger.config.mts", "trigger.config.js"]
    .map((f) => path.join(dir, f))
    .find((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
}

function taskFiles(dir: string, config: ProjectConfig): string[] {
  return (config.dirs ?? ["./trigger"]).flatMap((d) => listFiles(path.resolve(dir, d)));
}

/** The files a loaded project imports: its config, then its task files. */
export function projectFiles(project: LoadedProject): string[] {
  return [project.configPath, ...taskFiles(project.dir, project.config)];
}

const shapeOf = (s: LimitShape): LimitShape => ({
  ...(typeof s.perKey === "number" ? { perKey: s.perKey } : {}),
  ...(typeof s.total === "number" ? { total: s.total } : {}),
});

function collectTasks(): Pick<LoadedProject, "tasks" | "queueLimits" | "concurrencyLimits" | "queues"> {
  const tasks = new Map<string, TaskInfo>();
  const queues = new Map<string, "task" | "custom">();
  const queueLimits = new Map<string, number>();
  const concurrencyLimits = new Map<string, LimitShape>();
  for (const l of resourceCatalog.listConcurrencyLimitManifests()) concurrencyLimits.set(l.name, shapeOf(l));
  const undeclared: string[] = [];
  const machines: string[] = [];
  for (const m of resourceCatalog.listTaskManifests()) {
    const queueName = m.queue?.name ?? `task/${m.id}`;
    queues.set(queueName, m.queue?.name ? "custom" : "task");
    const limit = m.queue?.concurrencyLimit ?? undefined;
    if (typeof limit === "number") queueLimits.set(queueName, limit);
    const schedule = m.schedule?.cron
      ? { cron: m.schedule.cron, timezone: m.schedule.timezone ?? "UTC" }
      : undefined;
    const inline = m.concurrency?.inline;
    const inlineLimit =
      inline && (inline.perKey !== undefined || inline.total !== undefined) ? `task/${m.id}` : undefined;
    if (inlineLimit && inline) concurrencyLimits.set(inlineLimit, shapeOf(inline));
    const named = m.concurrency?.limits ?? [];
    for (const n of named) if (!concurrencyLimits.has(n)) undeclared.push(`${m.id} -> ${n}`);
    if (m.machine) machines.push(m.id);
    tasks.set(m.id, {
      id: m.id,
      filePath: m.filePath,
      queueName,
      concurrencyLimit: typeof limit === "number" ? limit : undefined,
      inlineLimit,
      limits: named.filter((n) => concurrencyLimits.has(n)),
      maxDuration: m.maxDuration,
      ttl: (m as { ttl?: string | number }).ttl,
      scheduled: m.triggerSource === "schedule",
      schedule,
    });
  }
  for (const q of resourceCatalog.listQueueManifests()) {
    queues.set(q.name, "custom");
    if (typeof q.concurrencyLimit === "number") queueLimits.set(q.name, q.concurrencyLimit);
  }
  // Said once at start-up (not again by each executor thread loading the same files): what a task
  // file asks for that the engine cannot give it.
  if (!isMainThread) return { tasks, queueLimits, concurrencyLimits, queues };
  if (undeclared.length > 0)
    logger.warn(
      "engine: tasks hold concurrency limits no file declares with concurrencyLimit(); they cap nothing",
      {
        holders: undeclared,
      },
    );
  if (machines.length > 0)
    logger.info("engine: machine presets do not apply locally; these tasks run in the engine's executors", {
      tasks: machines,
    });
  return { tasks, queueLimits, concurrencyLimits, queues };
}
