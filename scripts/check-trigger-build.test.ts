import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs the real script (CLI bundler + indexer) on throwaway projects that share this repo's
// node_modules, so it proves both the happy path and that broken task files fail the check.

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
let project: string;

const CONFIG = `import { defineConfig } from "@trigger.dev/sdk";
export default defineConfig({ project: "proj_check", runtime: "node", dirs: ["./trigger"], maxDuration: 120,
  retries: { default: { maxAttempts: 2, minTimeoutInMs: 500, maxTimeoutInMs: 5000, factor: 2 } } });
`;

const TASKS = `import { queue, schedules, task } from "@trigger.dev/sdk";
const sms = queue({ name: "sms-out", concurrencyLimit: 4 });
export const send = task({ id: "sms.send", queue: sms, retry: { maxAttempts: 6 }, maxDuration: 30, run: async (p: { n: number }) => p.n });
export const monitor = schedules.task({ id: "task.sla-monitor", cron: "*/5 * * * *", run: async () => undefined });
`;

async function check(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(
      "npx",
      ["tsx", "scripts/check-trigger-build.ts", "--project", project],
      {
        cwd: repo,
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "check-trigger-"));
  await mkdir(path.join(project, "trigger"));
  await symlink(path.join(repo, "node_modules"), path.join(project, "node_modules"));
  await copyFile(path.join(repo, "package-lock.json"), path.join(project, "package-lock.json"));
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "check", type: "module" }));
  await writeFile(path.join(project, "trigger.config.ts"), CONFIG);
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("check-trigger-build", () => {
  it("prints every task with its retry, queue, maxDuration and schedule", async () => {
    await writeFile(path.join(project, "trigger", "tasks.ts"), TASKS);
    const { code, out } = await check();
    expect(out).toContain("2 task(s)");
    expect(out).toMatch(
      /- sms\.send[\s\S]*retry: 6 attempts[\s\S]*queue: sms-out \(concurrency 4\)[\s\S]*30 s/,
    );
    expect(out).toMatch(
      /- task\.sla-monitor[\s\S]*retry: 2 attempts[\s\S]*120 s[\s\S]*\*\/5 \* \* \* \* \(UTC\)/,
    );
    expect(code).toBe(0);
  });

  it("fails when a task file throws on import", async () => {
    await writeFile(path.join(project, "trigger", "broken.ts"), 'throw new Error("MISSING_ENV_X");\n');
    const { code, out } = await check();
    await rm(path.join(project, "trigger", "broken.ts"));
    expect(out).toContain("MISSING_ENV_X");
    expect(code).toBe(1);
  });

  it("fails when two tasks share an id", async () => {
    await writeFile(path.join(project, "trigger", "dup.ts"), TASKS.replace("task.sla-monitor", "other"));
    const { code, out } = await check();
    await rm(path.join(project, "trigger", "dup.ts"));
    expect(out).toContain("Duplicate task ids");
    expect(code).toBe(1);
  });
});
