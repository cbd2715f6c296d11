import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.js";
import { RawInsertBatcher, type RawRow } from "./group-commit.js";

const row = (controlId: string, facility = "RIVERSIDE"): RawRow => ({
  id: randomUUID(),
  transport: "MLLP",
  sendingApp: "EPIC",
  sendingFacility: facility,
  controlId,
  messageType: "ADT^A08",
  raw: Buffer.from(`MSH|^~\\&|EPIC|${facility}|||||ADT^A08|${controlId}|P|2.5.1`),
  result: "RECEIVED",
  reason: null,
  ackCode: "AA",
  ackError: null,
  attempts: 0,
  processedAt: null,
  receivedAt: new Date("2026-12-03T15:00:00.123Z"),
});

// The raw store's group commit on a real database: batched rows, duplicates, one bad row.
describe("raw store group commit", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("stores messages arriving together in shared inserts, each exactly as given", async () => {
    const batcher = new RawInsertBatcher(t.db, 1);
    const rows = Array.from({ length: 40 }, (_, i) => row(`GC-${i}`));
    expect(await Promise.all(rows.map((r) => batcher.insert(r)))).toEqual(rows.map(() => true));
    const stored = await t.db.hospitalMessage.findUniqueOrThrow({ where: { id: rows[7]!.id } });
    expect(stored).toMatchObject({ controlId: "GC-7", result: "RECEIVED", ackCode: "AA", attempts: 0 });
    expect(stored.receivedAt.toISOString()).toBe("2026-12-03T15:00:00.123Z");
    expect(Buffer.from(stored.raw).toString()).toBe(Buffer.from(rows[7]!.raw).toString());
  });

  it("a second copy of a sender + control id, in the same batch or later, is not inserted", async () => {
    const batcher = new RawInsertBatcher(t.db, 1);
    const [a, b] = await Promise.all([batcher.insert(row("GC-DUP")), batcher.insert(row("GC-DUP"))]);
    expect([a, b].sort()).toEqual([false, true]);
    expect(await batcher.insert(row("GC-DUP"))).toBe(false);
    expect(await batcher.insert(row("GC-DUP", "OTHER"))).toBe(true);
    expect(await t.db.hospitalMessage.count({ where: { controlId: "GC-DUP" } })).toBe(2);
  });

  it("a row the database refuses fails alone; the rest of its batch is stored", async () => {
    const batcher = new RawInsertBatcher(t.db, 1);
    // A NUL byte cannot be stored in a text column.
    const results = await Promise.allSettled([
      batcher.insert(row("GC-OK-1")),
      batcher.insert(row("GC-\u0000")),
      batcher.insert(row("GC-OK-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await t.db.hospitalMessage.count({ where: { controlId: { startsWith: "GC-OK-" } } })).toBe(2);
  });
});
