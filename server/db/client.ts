import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.js";

export type { Prisma } from "./generated/client.js";
export * from "./generated/enums.js";

export type Db = PrismaClient;
/** A transaction client: what `$transaction(async (tx) => ...)` hands to services. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The pools this process opened, so the operator's metrics can report their use (server/observability). */
export const openPools = new Set<pg.Pool>();

export function createDb(url: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  openPools.add(pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/** Prisma's unique-constraint violation: the signal that an idempotent insert already happened. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}
