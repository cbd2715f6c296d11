import pg from "pg";
import PgBoss from "pg-boss";
import {
  type DrainDriver,
  freshDatabase,
  type MeasureOptions,
  measureDrain,
  measureStartLatency,
  measureThroughput,
  type PeerDriver,
  type PeerFigures,
  peerFigures,
  Signals,
} from "./measure.js";

const QUEUE = "bench-echo";
/** pg-boss 10 refuses anything below 0.5 s (its POLICY.MIN_POLLING_INTERVAL_MS). */
export const PG_BOSS_POLL_SECONDS = 0.5;
/**
 * A pg-boss 10 worker sleeps the full interval after every fetch, even a full one, so its
 * throughput is bounded by workers x batchSize / interval; we give it a generous setup.
 */
export const PG_BOSS_THROUGHPUT_WORKERS = 4;
export const PG_BOSS_THROUGHPUT_BATCH = 100;

type EchoJob = { input: number };

/** pg-boss 10: `send` + `work`, latency with one default worker, throughput with several. */
export async function benchPgBoss(adminUrl: string, opts: MeasureOptions): Promise<PeerFigures> {
  const url = await freshDatabase(adminUrl, "bench_peer_pgboss");
  const signals = new Signals();
  const boss = new PgBoss({ connectionString: url, schedule: false, supervise: true, max: 12 });
  let stopping = false;
  boss.on("error", (error) => {
    // Pool clients still closing when the cluster stops report a harmless termination.
    if (!stopping) console.error("pg-boss error", error.message);
  });
  await boss.start();
  const counter = new pg.Pool({ connectionString: url, max: 1 });
  const handler = async (jobs: PgBoss.Job<EchoJob>[]) => {
    for (const job of jobs) {
      signals.started(job.data.input);
      signals.finished(job.data.input);
    }
  };
  try {
    await boss.createQueue(QUEUE);
    const driver: PeerDriver = {
      async trigger(input) {
        await boss.send(QUEUE, { input });
      },
      startedOf: (input) => signals.startedOf(input),
      finishedOf: (input) => signals.finishedOf(input),
      async completedCount() {
        const { rows } = await counter.query<{ n: string }>(
          "SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'",
          [QUEUE],
        );
        return Number(rows[0]?.n ?? 0);
      },
    };

    await boss.work<EchoJob>(QUEUE, { pollingIntervalSeconds: PG_BOSS_POLL_SECONDS }, handler);
    const latencies = await measureStartLatency(driver, (i) => signals.arm(i), opts, 1_000_000);
    await boss.offWork(QUEUE);

    const startWorkers = async () => {
      for (let i = 0; i < PG_BOSS_THROUGHPUT_WORKERS; i++) {
        await boss.work<EchoJob>(
          QUEUE,
          { pollingIntervalSeconds: PG_BOSS_POLL_SECONDS, batchSize: PG_BOSS_THROUGHPUT_BATCH },
          handler,
        );
      }
    };
    await startWorkers();
    const throughputPerSec = await measureThroughput(driver, opts, 0);
    await boss.offWork(QUEUE);
    const drain: DrainDriver = {
      enqueue: (inputs) => boss.insert(inputs.map((input) => ({ name: QUEUE, data: { input } }))),
      startConsumers: startWorkers,
      completedCount: driver.completedCount,
    };
    const drainPerSec = await measureDrain(drain, opts.drainRuns, 3_000_000);
    return peerFigures(opts.runs, throughputPerSec, drainPerSec, latencies);
  } finally {
    await counter.end();
    stopping = true;
    await boss.stop({ wait: true, timeout: 5000 });
  }
}
