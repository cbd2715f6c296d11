import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  databaseUrl,
  ensureDatabase,
  freePort,
  pidIsAlive,
  startEmbeddedPostgres,
} from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";

const ROOT = path.resolve(".data/test-pg");

// Each test run owns a throwaway cluster (its own dir and port), so parallel runs never touch
// each other's databases; clusters left by killed runs are removed here.
function removeStaleClusters(): void {
  if (!existsSync(ROOT)) return;
  for (const dir of readdirSync(ROOT)) {
    const pid = Number(dir);
    if (Number.isInteger(pid) && !pidIsAlive(pid))
      rmSync(path.join(ROOT, dir), { recursive: true, force: true });
  }
}

// One Postgres cluster per test run; each test file clones `sequora_template` (fully migrated)
// into its own database, which takes milliseconds.
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    removeStaleClusters();
    const runDir = path.join(ROOT, String(process.pid));
    const handle = await startEmbeddedPostgres({
      dataDir: path.join(runDir, "cluster"),
      port: await freePort(),
      throwaway: true,
    });
    adminUrl = handle.adminUrl;
    stop = async () => {
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    };
  }
  await ensureDatabase(adminUrl, "sequora_template");
  await migrate(databaseUrl(adminUrl, "sequora_template"));
  project.provide("testDatabaseAdminUrl", adminUrl);
  return async () => {
    await stop?.();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseAdminUrl: string;
  }
}
