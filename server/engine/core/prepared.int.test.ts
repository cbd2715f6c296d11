import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/db.js";
import { createPool, MAX_PREPARED, preparedName } from "./db.js";

// The engine's pool prepares a parameterized text from its second use on (core/db.ts).
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 1);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const preparedOnConnection = async (text: string) =>
  (
    await pool.query<{ n: string }>("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", [
      text,
    ])
  ).rows[0]?.n;

describe("prepared statements on the engine's pool", () => {
  it("prepares a text on its second use and answers the same from it", async () => {
    const text = "SELECT $1::int + 1 AS n";
    expect((await pool.query(text, [1])).rows).toEqual([{ n: 2 }]);
    expect(await preparedOnConnection(text)).toBe("0");
    expect((await pool.query(text, [2])).rows).toEqual([{ n: 3 }]);
    expect(await preparedOnConnection(text)).toBe("1");
    expect((await pool.query(text, [41])).rows).toEqual([{ n: 42 }]);
    expect(await preparedOnConnection(text)).toBe("1");
  });

  it("a text first sent in a failed transaction is prepared again afterwards", async () => {
    const text = "SELECT $1::text || '!' AS s";
    await pool.query(text, ["a"]);
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      await expect(c.query("SELECT 1 / 0")).rejects.toThrow(/division by zero/);
      // Its second use, so named now; Postgres refuses it inside the aborted transaction.
      await expect(c.query(text, ["b"])).rejects.toThrow(/current transaction is aborted/);
      await c.query("ROLLBACK");
      expect((await c.query(text, ["c"])).rows).toEqual([{ s: "c!" }]);
    } finally {
      c.release();
    }
    expect(await preparedOnConnection(text)).toBe("1");
  });

  it("texts without parameters and query objects are sent as they are", async () => {
    const text = "SELECT 7 AS n";
    for (let i = 0; i < 3; i++) expect((await pool.query(text)).rows).toEqual([{ n: 7 }]);
    expect(await preparedOnConnection(text)).toBe("0");
    const config = { text: "SELECT $1::int * 2 AS n", values: [4] };
    for (let i = 0; i < 3; i++) expect((await pool.query(config)).rows).toEqual([{ n: 8 }]);
    expect(await preparedOnConnection(config.text)).toBe("0");
  });

  it("names at most MAX_PREPARED texts, so texts built at run time cannot grow without end", () => {
    const names = new Set<string>();
    for (let i = 0; i < MAX_PREPARED + 50; i++) {
      const text = `SELECT $1::int + ${i}`;
      expect(preparedName(text)).toBeUndefined();
      const name = preparedName(text);
      if (name) names.add(name);
    }
    // The texts of the tests above hold some of the budget.
    expect(names.size).toBeGreaterThan(MAX_PREPARED - 10);
    expect(names.size).toBeLessThanOrEqual(MAX_PREPARED);
    expect(preparedName("SELECT $1::int + 0")).toMatch(/^engine_[0-9a-f]{24}$/);
    expect(preparedName(`SELECT $1::int + ${MAX_PREPARED + 49}`)).toBeUndefined();
  });
});
