// CI check that the trigger/ folder would deploy to Trigger.dev, fully offline: `trigger.dev
// deploy --dry-run` needs a login, so we drive the CLI's own build and indexing modules (the same
// ones deploy uses) and print what the platform would register.
//
//   npx tsx scripts/check-trigger-build.ts [--project <dir>] [--json]
//
// Exits 1 when bundling or indexing fails or when no task is found. These are CLI internals,
// pinned with the CLI version in package.json; a CLI upgrade that moves them fails this loudly.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { execOptionsForRuntime } from "@trigger.dev/core/v3/build";
import { z } from "zod";

const TaskManifest = z.object({
  id: z.string(),
  filePath: z.string(),
  exportName: z.string().optional(),
  queue: z.object({ name: z.string().optional(), concurrencyLimit: z.number().nullish() }).optional(),
  retry: z
    .object({
      maxAttempts: z.number().optional(),
      minTimeoutInMs: z.number().optional(),
      maxTimeoutInMs: z.number().optional(),
      factor: z.number().optional(),
    })
    .optional(),
  maxDuration: z.number().optional(),
  triggerSource: z.string().optional(),
  schedule: z.object({ cron: z.string(), timezone: z.string() }).optional(),
});
type TaskManifest = z.infer<typeof TaskManifest>;

const WorkerManifest = z.object({ tasks: z.array(TaskManifest) });

const BuildManifest = z.object({ runtime: z.string(), indexWorkerEntryPoint: z.string() }).passthrough();
type BuildManifest = z.infer<typeof BuildManifest>;

// Minimal views of the CLI modules we call; their real types are not exported by the package.
type LoadConfig = (opts: { cwd: string; warn?: boolean }) => Promise<{ workingDir: string; dirs: string[] }>;
type BuildWorker = (opts: Record<string, unknown>) => Promise<unknown>;
type IndexWorkerManifest = (opts: Record<string, unknown>) => Promise<unknown>;

async function loadCliModules() {
  // The package only exports its bin entry, so resolve its files by path.
  const require = createRequire(import.meta.url);
  const cliRoot = path.dirname(require.resolve("trigger.dev/package.json"));
  const load = (rel: string) => import(pathToFileURL(path.join(cliRoot, "dist/esm", rel)).href);
  const [config, build, indexing] = await Promise.all([
    load("config.js"),
    load("build/buildWorker.js"),
    load("indexing/indexWorkerManifest.js"),
  ]);
  return {
    loadConfig: config.loadConfig as LoadConfig,
    buildWorker: build.buildWorker as BuildWorker,
    indexWorkerManifest: indexing.indexWorkerManifest as IndexWorkerManifest,
  };
}

function describeRetry(retry: TaskManifest["retry"]): string {
  if (!retry?.maxAttempts) return "default";
  const min = retry.minTimeoutInMs ?? 0;
  const max = retry.maxTimeoutInMs ?? 0;
  return `${retry.maxAttempts} attempts, ${min}-${max} ms backoff x${retry.factor ?? 1}`;
}

function describeTask(task: TaskManifest): string {
  const queue = task.queue?.name ?? `task/${task.id}`;
  const limit = task.queue?.concurrencyLimit;
  const lines = [
    `- ${task.id}  (${task.filePath}${task.exportName ? `#${task.exportName}` : ""})`,
    `    retry: ${describeRetry(task.retry)}`,
    `    queue: ${queue}${limit ? ` (concurrency ${limit})` : ""}`,
    `    maxDuration: ${task.maxDuration ? `${task.maxDuration} s` : "project default"}`,
  ];
  if (task.schedule) lines.push(`    schedule: ${task.schedule.cron} (${task.schedule.timezone})`);
  else if (task.triggerSource === "schedule") lines.push("    schedule: imperative (no cron)");
  return lines.join("\n");
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const importErrors = (error as { importErrors?: { file: string; message: string }[] }).importErrors;
  const details = importErrors?.map((e) => `\n  ${e.file}: ${e.message}`).join("") ?? "";
  return `${error.name}: ${error.message || "(details in the CLI output above)"}${details}`;
}

async function buildAndIndex(projectDir: string): Promise<TaskManifest[]> {
  const cli = await loadCliModules();
  const resolvedConfig = await cli.loadConfig({ cwd: projectDir, warn: true });
  const destination = path.join(resolvedConfig.workingDir, ".trigger", "check-build");
  await rm(destination, { recursive: true, force: true });
  await mkdir(destination, { recursive: true });

  // Paths are not rewritten for a container, so the bundle resolves its externals from the
  // project's own node_modules, exactly as the deploy image's install would provide them.
  const build: BuildManifest = BuildManifest.parse(
    await cli.buildWorker({
      target: "deploy",
      environment: "prod",
      destination,
      resolvedConfig,
      rewritePaths: false,
      envVars: {},
      plain: true,
    }),
  );
  const buildManifestPath = path.join(destination, "build.json");
  await writeFile(buildManifestPath, JSON.stringify(build));
  const manifest = await cli.indexWorkerManifest({
    runtime: build.runtime,
    indexWorkerPath: build.indexWorkerEntryPoint,
    buildManifestPath,
    nodeOptions: execOptionsForRuntime(build.runtime as never, build as never),
    env: { ...process.env },
    cwd: resolvedConfig.workingDir,
    handleStdout: (data: string) => process.stdout.write(data),
    handleStderr: (data: string) => process.stderr.write(data),
  });
  return WorkerManifest.parse(manifest).tasks;
}

// The CLI gives its indexing child 20 s and then kills it; on a busy 2-core CI box the cold start
// of the bundle can take longer. A timeout says nothing about the tasks, so try again; any other
// failure (an import error, a duplicate id) is reported at once.
async function buildAndIndexPatiently(projectDir: string): Promise<TaskManifest[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await buildAndIndex(projectDir);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || error.message !== "Worker timed out") throw error;
      console.warn(`check:trigger: indexing timed out (attempt ${attempt} of 3), trying again`);
    }
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { project: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const projectDir = path.resolve(values.project ?? process.cwd());
  let tasks: TaskManifest[];
  try {
    tasks = await buildAndIndexPatiently(projectDir);
  } catch (error) {
    console.error(`\ncheck:trigger FAILED for ${projectDir}\n${describeError(error)}`);
    return 1;
  }
  if (values.json) console.log(JSON.stringify(tasks, null, 2));
  else {
    console.log(`\nTrigger.dev build OK: ${tasks.length} task(s) in ${projectDir}`);
    for (const task of [...tasks].sort((a, b) => a.id.localeCompare(b.id))) console.log(describeTask(task));
  }
  if (tasks.length === 0) {
    console.error("check:trigger FAILED: no tasks found (are the task files under the config's dirs?)");
    return 1;
  }
  return 0;
}

process.exitCode = await main();
