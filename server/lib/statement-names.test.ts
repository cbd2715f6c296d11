import { describe, expect, it } from "vitest";
import { statementNamer } from "./statement-names.js";

describe("names for prepared statements", () => {
  it("names a text from its second use on, the same name every time", () => {
    const name = statementNamer("app", 10);
    const text = 'SELECT "id" FROM "Patient" WHERE "id" = $1';
    expect(name(text)).toBeUndefined();
    const second = name(text);
    expect(second).toMatch(/^app_[0-9a-f]{24}$/);
    expect(name(text)).toBe(second);
  });

  it.each([
    "SELECT 1",
    "  insert into t values ($1)",
    "UPDATE t SET a = $1",
    "DELETE FROM t WHERE id = $1",
    "WITH x AS (SELECT 1) SELECT * FROM x",
  ])("names %j", (text) => {
    const name = statementNamer("p", 10);
    name(text);
    expect(name(text)).toBeDefined();
  });

  it.each(["BEGIN", "COMMIT", "SET LOCAL statement_timeout = 100", "CREATE TABLE t (a int)", "SELECTED", ""])(
    "never names %j",
    (text) => {
      const name = statementNamer("p", 10);
      for (let i = 0; i < 3; i++) expect(name(text)).toBeUndefined();
    },
  );

  it("names at most `max` texts; those named keep their names", () => {
    const name = statementNamer("p", 5);
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const text = `SELECT $1::int + ${i}`;
      name(text);
      const n = name(text);
      if (n) names.add(n);
    }
    expect(names.size).toBe(5);
    expect(name("SELECT $1::int + 0")).toMatch(/^p_[0-9a-f]{24}$/);
    expect(name("SELECT $1::int + 19")).toBeUndefined();
  });

  it("keeps each namer's names apart", () => {
    const a = statementNamer("engine", 10);
    const b = statementNamer("app", 10);
    const text = "SELECT $1::int";
    a(text);
    b(text);
    expect(a(text)?.startsWith("engine_")).toBe(true);
    expect(b(text)?.startsWith("app_")).toBe(true);
  });
});
