import { configure, tasks } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.js";
import { createEngine } from "./engine.js";
import { advanceUntilDone, FIXTURE_DIR, SECRET, WAIT_S, waitForRun } from "./engine-test-kit.js";

// Its own file: the fixture's effect pool is bound to the first database a test file uses.
describe("after an engine restart mid-wait", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.FIXTURE_DATABASE_URL = db.url;
  });
  afterAll(async () => db?.drop());

  const start = async () => {
    const engine = await createEngine({
      databaseUrl: db.url,
      projectDir: FIXTURE_DIR,
      allowClockControl: true,
      secretKey: SECRET,
    });
    const url = await engine.listen(0);
    await engine.start();
    configure({ baseURL: url, accessToken: SECRET });
    return engine;
  };

  it("stop() can be called again, even while it runs: every call waits for the one shutdown", async () => {
    const engine = await start();
    await expect(Promise.all([engine.stop(), engine.stop()])).resolves.toEqual([undefined, undefined]);
    await expect(engine.stop()).resolves.toBeUndefined();
  });

  it("the run completes by replay: journaled waits return at once, code before them runs again", async () => {
    const first = await start();
    const handle = await tasks.trigger("fixture.steps", { key: "restart", seconds: WAIT_S });
    await waitForRun(handle.id, { status: "WAITING" });
    await first.stop();
    const second = await start();
    try {
      const run = await advanceUntilDone(second, handle.id);
      expect(run.status).toBe("COMPLETED");
      expect((run.output as { sum: number }).sum).toBe(6);
      const effects = await db.db.$queryRawUnsafe<Array<{ key: string; n: number }>>(
        "SELECT key, n FROM fixture_effects WHERE key LIKE 'restart:%' ORDER BY key",
      );
      // Replay re-ran the code before the first wait and step 1 once more, then continued.
      expect(effects).toEqual([
        { key: "restart:before", n: 2 },
        { key: "restart:mw:1", n: 2 },
        { key: "restart:onStart:1", n: 2 },
        { key: "restart:step", n: 4 },
      ]);
      // The replayed wait got back the waitpoint it made before the restart (from the journal read
      // with the lease): three waits, three waitpoints, all in the one attempt.
      const made = await db.db.$queryRawUnsafe<
        Array<{ journaled: number; waitpoints: number; attempts: number }>
      >(
        `SELECT (SELECT count(*)::int FROM trigger_engine.replay_journal WHERE kind = 'wait') AS journaled,
                (SELECT count(*)::int FROM trigger_engine.waitpoints WHERE type = 'DATETIME') AS waitpoints,
                (SELECT max(attempt_number) FROM trigger_engine.runs WHERE friendly_id = $1) AS attempts`,
        handle.id,
      );
      expect(made).toEqual([{ journaled: 3, waitpoints: 3, attempts: 1 }]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
