import { applyMetadataOperations, type RunMetadataChangeOperation } from "@trigger.dev/core/v3";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { engineTables } from "../engine-test-kit.js";
import { flushRunMetadata, type MetadataUpdate, topLevelSets } from "./metadata.js";

// The SDK flushes a run's metadata operations (`PUT /api/v1/runs/:id/metadata`). A flush of the run's
// own operations takes no lock: it writes only if the stored metadata is still what it read, and
// otherwise is done again with the row locked. These tests hold it to the locked version's results.

let tables: Awaited<ReturnType<typeof engineTables>>;
let pool: pg.Pool;
const now = new Date("2026-01-01T01:00:00Z");

beforeAll(async () => {
  tables = await engineTables({ max: 25 });
  pool = tables.pool;
});
afterAll(async () => tables?.close());

async function insertRun(id: string, metadata: unknown, parent?: string) {
  await pool.query(
    `INSERT INTO trigger_engine.runs (id, friendly_id, task_identifier, status, queue, metadata,
       parent_run_id, root_run_id, created_at, updated_at)
     VALUES ($1, $2, 'bench.echo', 'EXECUTING', 'default', $3::jsonb, $4, $4, $5, $5)`,
    [id, `run_${id}`, metadata === null ? null : JSON.stringify(metadata), parent ?? null, now],
  );
}
const stored = async (id: string) =>
  (await pool.query("SELECT metadata FROM trigger_engine.runs WHERE id = $1", [id])).rows[0]?.metadata;

beforeEach(async () => {
  await pool.query("DELETE FROM trigger_engine.runs");
});

interface FlushCase {
  name: string;
  before: Record<string, unknown> | null;
  update: MetadataUpdate;
  after: Record<string, unknown>;
}

describe("flushing a run's metadata", () => {
  it.each<FlushCase>([
    {
      name: "set, increment and append on stored metadata",
      before: { step: "a", n: 2, log: ["x"] },
      update: {
        operations: [
          { type: "set" as const, key: "step", value: "b" },
          { type: "increment" as const, key: "n", value: 3 },
          { type: "append" as const, key: "log", value: "y" },
        ],
      },
      after: { step: "b", n: 5, log: ["x", "y"] },
    },
    {
      name: "operations on a run without metadata yet",
      before: null,
      update: { operations: [{ type: "set" as const, key: "k", value: 1 }] },
      after: { k: 1 },
    },
    {
      name: "a whole replacement, then operations on it",
      before: { old: true },
      update: {
        metadata: { fresh: 1 },
        operations: [{ type: "increment" as const, key: "fresh", value: 1 }],
      },
      after: { fresh: 2 },
    },
    {
      name: "top-level sets merged into stored metadata (one statement), the last set of a key winning",
      before: { step: "a", nested: { deep: 1 }, keep: "me" },
      update: {
        operations: [
          { type: "set" as const, key: "step", value: "b" },
          { type: "set" as const, key: "nested", value: { other: 2 } },
          { type: "set" as const, key: "list", value: [1, null, "x"] },
          { type: "set" as const, key: "step", value: "c" },
          { type: "set" as const, key: "cleared", value: null },
        ],
      },
      after: { step: "c", nested: { other: 2 }, keep: "me", list: [1, null, "x"], cleared: null },
    },
    {
      name: "top-level sets on stored metadata that is an empty object",
      before: {},
      update: { operations: [{ type: "set" as const, key: "constructor", value: "x" }] },
      after: { constructor: "x" },
    },
    {
      name: "a set through a $. path takes the general path",
      before: { a: { b: 1 } },
      update: { operations: [{ type: "set" as const, key: "$.a.c", value: 2 }] },
      after: { a: { b: 1, c: 2 } },
    },
    {
      name: "an empty flush leaves what is stored",
      before: { keep: [1, 2] },
      update: { operations: [] },
      after: { keep: [1, 2] },
    },
  ])("$name", async ({ before, update, after }) => {
    await insertRun("A", before);
    expect(await flushRunMetadata(pool, "run_A", update, now)).toEqual(after);
    expect(await stored("A")).toEqual(after);
  });

  it.each([
    { type: "set" as const, key: "k", value: 1 },
    { type: "increment" as const, key: "k", value: 1 },
  ])("answers undefined for a run that does not exist ($type)", async (op) => {
    expect(await flushRunMetadata(pool, "run_missing", { operations: [op] }, now)).toBeUndefined();
  });

  it("loses no key when many flushes of top-level sets race", async () => {
    await insertRun("S", { base: true });
    const flushes = 40;
    await Promise.all(
      Array.from({ length: flushes }, (_, i) =>
        flushRunMetadata(pool, "run_S", { operations: [{ type: "set", key: `k${i}`, value: i }] }, now),
      ),
    );
    expect(await stored("S")).toEqual({
      base: true,
      ...Object.fromEntries(Array.from({ length: flushes }, (_, i) => [`k${i}`, i])),
    });
  });

  it("loses no operation when many flushes of the same run race", async () => {
    await insertRun("R", { n: 0, seen: [] });
    const flushes = 40;
    await Promise.all(
      Array.from({ length: flushes }, (_, i) =>
        flushRunMetadata(
          pool,
          "run_R",
          {
            operations: [
              { type: "increment", key: "n", value: 1 },
              { type: "append", key: "seen", value: i },
            ],
          },
          now,
        ),
      ),
    );
    const end = (await stored("R")) as { n: number; seen: number[] };
    expect(end.n).toBe(flushes);
    expect([...end.seen].sort((a, b) => a - b)).toEqual(Array.from({ length: flushes }, (_, i) => i));
  });

  it("applies a child's parent and root operations to them, and its own to itself", async () => {
    await insertRun("P", { children: 0 });
    await insertRun("C", {}, "run_P");
    const merged = await flushRunMetadata(
      pool,
      "run_C",
      {
        operations: [{ type: "set", key: "mine", value: true }],
        parentOperations: [{ type: "increment", key: "children", value: 1 }],
        rootOperations: [{ type: "append", key: "events", value: "child" }],
      },
      now,
    );
    expect(merged).toEqual({ mine: true });
    expect(await stored("P")).toEqual({ children: 1, events: ["child"] });
  });
});

describe("which flushes are plain top-level sets", () => {
  const set = (key: string, value?: unknown): RunMetadataChangeOperation =>
    ({ type: "set", key, value }) as RunMetadataChangeOperation;
  it.each([
    { name: "sets of plain keys", update: { operations: [set("a", 1), set("b", "x")] }, plain: true },
    { name: "no operation", update: { operations: [] }, plain: false },
    {
      name: "an increment among them",
      update: { operations: [set("a", 1), { type: "increment" as const, key: "n", value: 1 }] },
      plain: false,
    },
    { name: "a $. path", update: { operations: [set("$.a.b", 1)] }, plain: false },
    { name: "__proto__", update: { operations: [set("__proto__", { polluted: true })] }, plain: false },
    { name: "a set without a value", update: { operations: [set("a")] }, plain: false },
    { name: "a whole replacement", update: { metadata: { a: 1 }, operations: [set("b", 2)] }, plain: false },
    {
      name: "parent operations",
      update: { operations: [set("a", 1)], parentOperations: [set("p", 1)] },
      plain: false,
    },
    {
      name: "root operations",
      update: { operations: [set("a", 1)], rootOperations: [set("r", 1)] },
      plain: false,
    },
  ])("$name: $plain", ({ update, plain }) => {
    const sets = topLevelSets(update);
    expect(sets !== undefined).toBe(plain);
    // Where it applies, the merge is what the SDK's own operations give on any stored object.
    if (sets) {
      const stored = { a: 0, keep: [1] };
      expect({ ...stored, ...sets }).toEqual(applyMetadataOperations(stored, update.operations).newMetadata);
    }
  });
});
