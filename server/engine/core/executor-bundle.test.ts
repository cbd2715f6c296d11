import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURE_DIR } from "../engine-test-kit.js";
import { prepareExecutorBoot } from "./executor-bundle.js";
import { workerExecArgv } from "./executors.js";
import { type LoadedProject, projectFiles } from "./loader.js";

const fixture: LoadedProject = {
  dir: FIXTURE_DIR,
  configPath: path.join(FIXTURE_DIR, "trigger.config.ts"),
  config: { dirs: ["./src/trigger"] },
  tasks: new Map(),
  queueLimits: new Map(),
  concurrencyLimits: new Map(),
  queues: new Map(),
};
const CACHE = path.resolve(FIXTURE_DIR, "../../../node_modules/.cache/sequora-engine");

describe("the executor threads' bundle", () => {
  const disposers: Array<() => void> = [];
  afterEach(() => {
    for (const d of disposers.splice(0)) d();
    delete process.env.ENGINE_BUNDLE;
  });

  it("bundles the thread and every project file into plain modules that load without tsx", async () => {
    const boot = await prepareExecutorBoot(fixture, "test-a");
    disposers.push(boot.dispose);
    expect(boot.tsx).toBe(false);
    const files = projectFiles(fixture);
    expect(files.length).toBeGreaterThan(3);
    expect(Object.keys(boot.modules ?? {}).sort()).toEqual([...files].sort());
    for (const url of [boot.entry, ...Object.values(boot.modules ?? {})]) {
      expect(url).toMatch(/\.js$/);
      expect(fileURLToPath(url).startsWith(CACHE)).toBe(true);
    }
    // A plain Node process (no module hooks) imports a task file's module and finds its tasks.
    const taskModule = boot.modules![files.find((f) => f.endsWith("basic.ts"))!]!;
    const exported = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import(process.argv[1]); console.log(Object.values(m).filter((v) => typeof v?.trigger === 'function').length)",
        taskModule,
      ],
      { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" },
    );
    expect(Number(exported.trim())).toBeGreaterThan(0);
    boot.dispose();
    expect(existsSync(fileURLToPath(boot.entry))).toBe(false);
  });

  it("removes the bundles of engines that are gone", async () => {
    const stale = path.join(CACHE, "2147483000-crashed");
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, "x.js"), "");
    const boot = await prepareExecutorBoot(fixture, "test-b");
    disposers.push(boot.dispose);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fileURLToPath(boot.entry))).toBe(true);
  });

  it("falls back to tsx when switched off, or for a project whose packages are not the engine's", async () => {
    process.env.ENGINE_BUNDLE = "0";
    const off = await prepareExecutorBoot(fixture, "test-c");
    expect(off.tsx).toBe(true);
    expect(off.modules).toBeUndefined();
    delete process.env.ENGINE_BUNDLE;
    const elsewhere = mkdtempSync(path.join(tmpdir(), "engine-project-"));
    try {
      writeFileSync(path.join(elsewhere, "trigger.config.ts"), "export default {};");
      const boot = await prepareExecutorBoot({ ...fixture, dir: elsewhere, config: {} }, "test-d");
      expect(boot.tsx).toBe(true);
      expect(boot.modules).toBeUndefined();
      expect(boot.entry).toMatch(/executor-thread\.ts$/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe("a bundled thread's Node flags", () => {
  it.each([
    {
      given: [
        "--require",
        "/x/node_modules/tsx/dist/preflight.cjs",
        "--import",
        "file:///x/tsx/dist/loader.mjs",
      ],
      kept: [],
    },
    { given: ["--import=tsx", "--conditions", "development"], kept: ["--conditions=development"] },
    { given: ["--expose-gc", "--inspect=9229", "--max-old-space-size=512"], kept: [] },
    {
      given: ["--enable-source-maps", "-r", "./otel.cjs", "--no-warnings"],
      kept: ["--enable-source-maps", "--require=./otel.cjs", "--no-warnings"],
    },
  ])("$given keeps $kept", ({ given, kept }) => {
    expect(workerExecArgv(given)).toEqual(kept);
  });
});
