import { rmSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "../config.js";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres.js";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise an embedded Postgres under DATA_DIR (git-ignored). */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  const { env } = config;
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = path.resolve(env.DATA_DIR, "postgres");
  if (env.FRESH_DATA) rmSync(dataDir, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT });
  await ensureDatabase(pg.adminUrl, "sequora");
  return { url: pg.urlFor("sequora"), embedded: true, stop: () => pg.stop() };
}
