// CI check: the migrations in prisma/migrations produce exactly the database schema.prisma
// describes. Builds one database from the migrations and one from Prisma's own SQL for the
// schema, then compares their catalogs (columns, enums, indexes, constraints).
// `--emit <name>` instead writes a new migration from the last committed schema to the current one.
import { execSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureDatabase, freePort, startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { prismaDiffSql, readSchema } from "./prisma-offline-diff.js";

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  enums: `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  constraints: `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`,
};

async function catalog(url: string): Promise<Set<string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out = new Set<string>();
  for (const [kind, sql] of Object.entries(CATALOG_QUERIES)) {
    for (const row of (await c.query(sql)).rows) out.add(`${kind}: ${JSON.stringify(row)}`);
  }
  await c.end();
  return out;
}

async function main(): Promise<number> {
  const dataDir = path.resolve(".data/check-migrations");
  rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwaway: true });
  try {
    const emitIndex = process.argv.indexOf("--emit");
    if (emitIndex > 0) {
      const name = process.argv[emitIndex + 1];
      if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: --emit <snake_case_name>");
      const previous = execSync("git show HEAD:prisma/schema.prisma", { encoding: "utf8" });
      const sql = prismaDiffSql({
        fromSchema: previous,
        toSchema: readSchema(),
        scratchUrl: cluster.adminUrl,
      });
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const dir = path.join("prisma/migrations", `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), sql);
      console.log(`wrote ${dir}/migration.sql`);
      return 0;
    }
    await ensureDatabase(cluster.adminUrl, "from_migrations");
    await ensureDatabase(cluster.adminUrl, "from_schema");
    await migrate(cluster.urlFor("from_migrations"));
    const expectedSql = prismaDiffSql({ toSchema: readSchema(), scratchUrl: cluster.adminUrl });
    const c = new pg.Client({ connectionString: cluster.urlFor("from_schema") });
    await c.connect();
    await c.query(expectedSql);
    await c.end();
    const [actual, expected] = await Promise.all([
      catalog(cluster.urlFor("from_migrations")),
      catalog(cluster.urlFor("from_schema")),
    ]);
    const missing = [...expected].filter((x) => !actual.has(x));
    const extra = [...actual].filter((x) => !expected.has(x));
    if (missing.length || extra.length) {
      console.error("Migrations do not match prisma/schema.prisma.");
      for (const m of missing) console.error(`  missing from migrations: ${m}`);
      for (const e of extra) console.error(`  only in migrations:      ${e}`);
      console.error("Write a migration with: npm run check:migrations -- --emit <name>");
      return 1;
    }
    console.log(`Migrations match schema.prisma (${expected.size} catalog entries compared).`);
    return 0;
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  },
);
