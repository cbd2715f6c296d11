import { batch, configure, runs } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "./engine.js";
import { type EngineHarness, FIXTURE_DIR, SECRET, startHarness } from "./engine-test-kit.js";

// A bulk action a stop interrupts goes on when an engine starts on the same database.

let h: EngineHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  configure({ baseURL: h.url, accessToken: SECRET });
  await h?.close();
});

const engineOnSameDb = async () => {
  const e = await createEngine({ databaseUrl: h.db.url, projectDir: FIXTURE_DIR, secretKey: SECRET });
  const url = await e.listen(0);
  return { e, url };
};

describe("bulk actions across a restart", () => {
  it("an action stopped after a chunk is finished by the next engine to start", async () => {
    await batch.trigger(
      Array.from({ length: 300 }, (_, i) => ({
        id: "fixture.hello",
        payload: { name: `b${i}` },
        options: { delay: "1h", tags: ["bulk-restart"] },
      })),
    );
    // Made through a second engine, which stops at once: its worker ends after the chunk under way.
    const first = await engineOnSameDb();
    await first.e.start();
    configure({ baseURL: first.url, accessToken: SECRET });
    const { id } = await runs.bulk.cancel({ filter: { tag: "bulk-restart" } });
    await first.e.stop();
    configure({ baseURL: h.url, accessToken: SECRET });
    const interrupted = await runs.bulk.retrieve(id);
    expect(interrupted.status).toBe("PENDING");
    expect(interrupted.counts.total).toBe(300);
    expect(interrupted.counts.success).toBeLessThan(300);

    // The harness's own engine never heard of it; a third one starting picks it up.
    const next = await engineOnSameDb();
    await next.e.start();
    try {
      const done = await runs.bulk.poll(id, { pollIntervalMs: 50 });
      expect(done.status).toBe("COMPLETED");
      expect(done.counts).toEqual({ total: 300, success: 300, failure: 0 });
      const left = await h.pool.query(
        "SELECT count(*)::int AS n FROM trigger_engine.runs WHERE 'bulk-restart' = ANY(tags) AND status <> 'CANCELED'",
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await next.e.stop();
    }
  });
});
