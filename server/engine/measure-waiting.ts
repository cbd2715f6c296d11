// Measures what N waiting runs cost the engine process (they should cost nothing: a waiting run is
// a row, not a continuation). Usage, against a fresh database:
//   DATABASE_URL=postgres://.../fresh_db MEASURE_RUNS=100000 node --expose-gc --import tsx server/engine/measure-waiting.ts
// MEASURE_TASK=fixture.hello measures plain trigger-to-completed throughput instead.
import path from "node:path";
import { configure, tasks } from "@trigger.dev/sdk";
import { createEngine } from "./engine.js";

const N = Number(process.env.MEASURE_RUNS ?? 10_000);
const CHUNK = 500;
const TASK = process.env.MEASURE_TASK ?? "fixture.park";
const TARGET_STATUS = TASK === "fixture.park" ? "WAITING_TO_RESUME" : "COMPLETED_SUCCESSFULLY";
const mb = (n: number) => Math.round(n / 1024 / 1024);

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL (a fresh database) is required");
  const engine = await createEngine({
    databaseUrl,
    projectDir: path.resolve(import.meta.dirname, "../../test/fixtures/trigger-project"),
    concurrency: Number(process.env.MEASURE_CONCURRENCY ?? 50),
  });
  const url = await engine.listen(0);
  await engine.start();
  configure({ baseURL: url, accessToken: "tr_dev_measure" });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i += CHUNK) {
    const items = Array.from({ length: Math.min(CHUNK, N - i) }, (_, k) => ({
      payload: { i: i + k, name: "m" },
    }));
    await tasks.batchTrigger(TASK, items);
  }
  const triggeredMs = performance.now() - t0;
  let waiting = 0;
  let peakRss = 0;
  while (waiting < N) {
    await new Promise((r) => setTimeout(r, 1000));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const res = await engine.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM trigger_engine.runs WHERE status = $1",
      [TARGET_STATUS],
    );
    waiting = res.rows[0]?.n ?? 0;
    process.stderr.write(`${TARGET_STATUS} ${waiting}/${N}\r`);
  }
  const parkedMs = performance.now() - t0;
  gc?.();
  const after = process.memoryUsage();
  const result = {
    task: TASK,
    runs: N,
    triggerSeconds: Math.round(triggeredMs / 100) / 10,
    allWaitingSeconds: Math.round(parkedMs / 100) / 10,
    executionsPerSecond: Math.round(N / (parkedMs / 1000)),
    rssBeforeMb: mb(base.rss),
    rssPeakMb: mb(peakRss),
    rssAfterGcMb: mb(after.rss),
    heapUsedBeforeMb: mb(base.heapUsed),
    heapUsedAfterGcMb: mb(after.heapUsed),
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  await engine.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
