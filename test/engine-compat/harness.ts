import path from "node:path";
import { configure, runs } from "@trigger.dev/sdk";
import { createEngine, type Engine } from "../../server/engine/index.js";
import { createTestDatabase, type TestDatabase } from "../db.js";

export const COMPAT_PROJECT = path.resolve(import.meta.dirname, "project");
export const KEY = "tr_dev_compat";

export interface CompatHarness {
  engine: Engine;
  url: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/** A fresh database and an engine serving the compat project, with the real SDK pointed at it. */
export async function startCompat(): Promise<CompatHarness> {
  const db = await createTestDatabase();
  const engine = await createEngine({
    databaseUrl: db.url,
    projectDir: COMPAT_PROJECT,
    allowClockControl: true,
    secretKey: KEY,
    // The compat suite runs task code in executor threads, as `npm run engine` does.
    executors: 2,
  });
  const url = await engine.listen(0);
  await engine.start();
  configure({ baseURL: url, accessToken: KEY });
  return {
    engine,
    url,
    db,
    async close() {
      await engine.stop();
      await db.drop();
    },
  };
}

const FINAL = ["COMPLETED", "FAILED", "CANCELED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"];

export async function settled(id: string, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const run = await runs.retrieve(id);
    if (FINAL.includes(run.status)) return run;
    if (performance.now() > deadline) throw new Error(`run ${id} stuck in ${run.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
