import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { logger } from "../../lib/logger.js";
import type { LoadedProject } from "./loader.js";
import { projectFiles } from "./loader.js";

// How an executor thread (core/executors.ts) loads the engine and the project's task files.
// Both are TypeScript. Loading them through tsx, as the engine thread does, costs every thread a
// module-hooks thread of its own (Node 20: ~23 MB each) and sends every dynamic `import()` of the
// thread through it (~270 us, against ~8 us without hooks: the SDK runs one per API call). So the
// engine bundles them once per start with esbuild, as Trigger.dev's own build bundles a project,
// and the threads load plain JavaScript with no hooks. Packages stay outside the bundle and load
// from node_modules as they do in the engine thread.
//
// The bundle is written under the project's node_modules (.cache/sequora-engine), so those
// packages resolve from it exactly as from the project's files. A project whose packages are not
// the engine's own (another checkout), a failed build, or ENGINE_BUNDLE=0 falls back to tsx.

const ENGINE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const THREAD_ENTRY = fileURLToPath(new URL("../executor-thread.ts", import.meta.url));

export interface ExecutorBoot {
  /** The module the thread's boot file imports. */
  entry: string;
  /** Whether the boot file registers tsx first (TypeScript loaded as is). */
  tsx: boolean;
  /** Source file -> bundled module URL, for the thread's project loader. */
  modules?: Record<string, string>;
  /** Removes the bundle (the engine stopped). */
  dispose(): void;
}

const tsxBoot = (): ExecutorBoot => ({
  entry: pathToFileURL(THREAD_ENTRY).href,
  tsx: true,
  dispose: () => {},
});

/** The nearest node_modules folder at or above `dir`: where the project's packages resolve from. */
function nearestNodeModules(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const nm = path.join(d, "node_modules");
    if (existsSync(nm)) return nm;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Bundles of engines that are gone (a crashed process leaves its folder behind). */
function removeStale(cacheDir: string): void {
  for (const name of existsSync(cacheDir) ? readdirSync(cacheDir) : []) {
    const pid = Number(name.split("-")[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive) rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

// Source files keep their own location: code that reads a file next to itself (migrations, a
// package's definitions) finds it as when loaded by tsx.
const keepSourceLocation: Plugin = {
  name: "keep-source-location",
  setup(b) {
    b.onLoad({ filter: /\.(ts|mts|cts|js|mjs|cjs)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      // Returned even when unchanged: esbuild would otherwise read the file a second time.
      const source = readFileSync(args.path, "utf8");
      const values: Record<string, string> = {
        url: pathToFileURL(args.path).href,
        dirname: path.dirname(args.path),
        filename: args.path,
      };
      // Not inside a string that names them (this file's own).
      const contents = source.replace(
        /(?<!["'])\bimport\.meta\.(url|dirname|filename)\b/g,
        (_, key: string) => JSON.stringify(values[key]),
      );
      const ext = path.extname(args.path).slice(1);
      const loader = ext.endsWith("ts") ? "ts" : "js";
      return { contents, loader, resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * Builds the executor threads' bundle of the engine and `project` (about a second); tsx boot if
 * the bundle cannot serve this project. Never throws: the threads then load as before.
 */
export async function prepareExecutorBoot(project: LoadedProject, id: string): Promise<ExecutorBoot> {
  if (process.env.ENGINE_BUNDLE === "0") return tsxBoot();
  const nodeModules = nearestNodeModules(project.dir);
  if (!nodeModules || nodeModules !== path.join(ENGINE_ROOT, "node_modules")) return tsxBoot();
  const cacheDir = path.join(nodeModules, ".cache", "sequora-engine");
  const outdir = path.join(cacheDir, `${process.pid}-${id}`);
  try {
    removeStale(cacheDir);
    mkdirSync(outdir, { recursive: true });
    const files = projectFiles(project);
    // Loaded here only: the threads import this module too (bundled), but never build.
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [THREAD_ENTRY, ...files],
      outdir,
      outbase: ENGINE_ROOT,
      entryNames: "[dir]/[name]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      metafile: true,
      logLevel: "silent",
      plugins: [keepSourceLocation],
      // A CommonJS task file's require() of a package (kept outside the bundle) needs a real one.
      banner: {
        js: 'import { createRequire as __engineCreateRequire } from "node:module"; const require = __engineCreateRequire(import.meta.url);',
      },
    });
    const modules: Record<string, string> = {};
    let entry: string | undefined;
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      if (!meta.entryPoint) continue;
      const source = path.resolve(meta.entryPoint);
      const url = pathToFileURL(path.resolve(out)).href;
      if (source === THREAD_ENTRY) entry = url;
      else modules[source] = url;
    }
    if (!entry || files.some((f) => !modules[f])) throw new Error("the bundle lacks an entry");
    return {
      entry,
      tsx: false,
      modules,
      dispose: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(outdir, { recursive: true, force: true });
    logger.warn("engine: executor threads load the task files through tsx (no bundle)", {
      err: String(err).slice(0, 300),
    });
    return tsxBoot();
  }
}
