import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import pg from "pg";

// One Postgres cluster for the whole test run; each test file clones `sequora_template`
// (fully migrated) into its own database, which takes milliseconds.
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const handle = await startEmbeddedPostgres({ dataDir: ".data/pg-test", port: 54340 });
    adminUrl = handle.adminUrl;
    stop = () => handle.stop();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Leftovers of an earlier interrupted run: drop them so the template is rebuilt from migrations.
  const old = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'sequora_t%' OR datname = 'sequora_template'",
  );
  for (const row of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(adminUrl, "sequora_template");
  await migrate(adminUrl.replace(/\/postgres$/, "/sequora_template"));
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
