import path from "node:path";
import type { AppConfig } from "../config/index.js";
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
  // The product's own data: durable (never `throwaway`); FRESH_DATA wipes it only under the lock.
  const pg = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, fresh: env.FRESH_DATA });
  await ensureDatabase(pg.adminUrl, "sequora");
  return { url: pg.urlFor("sequora"), embedded: true, stop: () => pg.stop() };
}
