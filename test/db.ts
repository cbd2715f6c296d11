import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../server/db/client.js";
import { databaseUrl } from "../server/db/embedded-postgres.js";

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database cloned from the template made in global setup. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("testDatabaseAdminUrl");
  const name = `sequora_t${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "sequora_template"`);
  await admin.end();
  const url = databaseUrl(adminUrl, name);
  const db = createDb(url, { max: 5 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // A pool's end() resolves once its clients have sent Terminate, not once their backends have
      // gone: forcing the drop then would kill them mid-exit (57P01), an error event on a client
      // nobody listens to any more. So wait for them (briefly), and force only what stays open.
      for (let i = 0; i < 100; i++) {
        const open = await c.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 LIMIT 1", [name]);
        if (open.rowCount === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
