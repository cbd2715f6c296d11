import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { listMigrations, migrate } from "./migrate.js";

describe("migrate", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("records every migration the way prisma migrate deploy does, and re-running applies nothing", async () => {
    const again = await migrate(t.url);
    expect(again).toEqual([]);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const rows = await c.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY 1`,
    );
    await c.end();
    const expected = listMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum }));
    expect(rows.rows.map((r) => ({ migration_name: r.migration_name, checksum: r.checksum }))).toEqual(
      expected,
    );
    expect(rows.rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("gives a usable Prisma client on the migrated database", async () => {
    const user = await t.db.user.create({
      data: { email: "a@example.test", name: "A", passwordHash: "x", role: "NURSE", languages: ["EN", "ES"] },
    });
    expect(user.languages).toEqual(["EN", "ES"]);
  });
});
