import { createHash } from "node:crypto";

/**
 * Names for prepared statements: a parameterized text gets a name from its second use on, so
 * Postgres parses it once per connection and can keep its plan instead of parsing and planning
 * every call. Texts seen once (a list's filter combination, SQL built at run time) stay unnamed,
 * and at most `max` texts are ever named, so no connection's prepared statements grow without end.
 * Only statements that return or change rows are named (no BEGIN, SET, DDL).
 *
 * One namer per pool family (`prefix` keeps their names apart): the engine's pool
 * (`server/engine/core/db.ts`) and Prisma's (`server/db/client.ts`).
 */
export function statementNamer(prefix: string, max: number): (text: string) => string | undefined {
  const named = new Map<string, string>();
  const seenOnce = new Set<string>();
  return (text) => {
    const known = named.get(text);
    if (known || named.size >= max) return known;
    if (!PREPARABLE.test(text)) return undefined;
    if (!seenOnce.has(text)) {
      if (seenOnce.size >= max * 4) seenOnce.clear();
      seenOnce.add(text);
      return undefined;
    }
    seenOnce.delete(text);
    const name = `${prefix}_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    named.set(text, name);
    return name;
  };
}

const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
