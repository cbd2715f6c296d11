import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { statementNamer } from "../lib/statement-names.js";
import { PrismaClient } from "./generated/client.js";

export type { Prisma } from "./generated/client.js";
export * from "./generated/enums.js";

export type Db = PrismaClient;
/** A transaction client: what `$transaction(async (tx) => ...)` hands to services. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** The pools this process opened, so the operator's metrics can report their use (server/observability). */
export const openPools = new Set<pg.Pool>();

/**
 * Prisma's statements are prepared on their connection from their second use on, as the engine's
 * are: Postgres then skips parsing and planning them. At most this many texts per process.
 */
export const MAX_PREPARED = 300;
const preparedName = statementNamer("app", MAX_PREPARED);

export function createDb(url: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  openPools.add(pool);
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    // undefined leaves a text unnamed: the adapter hands the name to pg as it is.
    statementNameGenerator: (q) => preparedName(q.sql) as string,
  });
  // "minimal": an error is Prisma's message alone. The other formats capture a stack on every call
  // to point at the caller (5% of the simulation's wall time) and print the call's arguments,
  // which can be patient data, into a message that may reach a log.
  return new PrismaClient({ adapter, errorFormat: "minimal" });
}

/** Prisma's unique-constraint violation: the signal that an idempotent insert already happened. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}
