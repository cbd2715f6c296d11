import { Logger, makeWorkerUtils, type Runner, run, type WorkerUtils } from "graphile-worker";
import pg from "pg";
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

const TASK = "bench_echo";
/**
 * Throughput setup from graphile-worker's performance docs (worker.graphile.org/docs/performance):
 * several concurrent jobs, a local queue that locks a batch of jobs per fetch, and batched
 * completions. Idle latency uses the defaults plus the same concurrency (LISTEN/NOTIFY wakes it).
 */
export const GRAPHILE_CONCURRENCY = 24;
export const GRAPHILE_LOCAL_QUEUE = 200;
export const GRAPHILE_COMPLETE_BATCH_MS = 0;
// Without a silent logger it logs every job.
const silent = new Logger(() => () => {});

type Echo = { input: number };

export async function benchGraphile(adminUrl: string, opts: MeasureOptions): Promise<PeerFigures> {
  const url = await freshDatabase(adminUrl, "bench_peer_graphile");
  const signals = new Signals();
  const taskList = {
    [TASK]: async (payload: unknown) => {
      const { input } = payload as Echo;
      signals.started(input);
      signals.finished(input);
    },
  };
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: url, logger: silent });
  await utils.migrate();
  const counter = new pg.Pool({ connectionString: url, max: 1 });
  let added = 0;
  const startRunner = (batched: boolean): Promise<Runner> =>
    run({
      connectionString: url,
      concurrency: GRAPHILE_CONCURRENCY,
      maxPoolSize: GRAPHILE_CONCURRENCY + 2,
      noHandleSignals: true,
      logger: silent,
      taskList,
      ...(batched
        ? {
            preset: {
              worker: {
                localQueue: { size: GRAPHILE_LOCAL_QUEUE },
                completeJobBatchDelay: GRAPHILE_COMPLETE_BATCH_MS,
                failJobBatchDelay: GRAPHILE_COMPLETE_BATCH_MS,
              },
            },
          }
        : {}),
    });
  let runner: Runner | undefined;
  try {
    const driver: PeerDriver = {
      async trigger(input) {
        added++;
        await utils.addJob(TASK, { input });
      },
      startedOf: (input) => signals.startedOf(input),
      finishedOf: (input) => signals.finishedOf(input),
      // A completed job is deleted: completed = added - still in the table.
      async completedCount() {
        const { rows } = await counter.query<{ n: string }>(
          "SELECT count(*) AS n FROM graphile_worker._private_jobs",
        );
        return added - Number(rows[0]?.n ?? 0);
      },
    };
    runner = await startRunner(false);
    const latencies = await measureStartLatency(driver, (i) => signals.arm(i), opts, 1_000_000);
    await runner.stop();
    runner = await startRunner(true);
    const throughputPerSec = await measureThroughput(driver, opts, 0);
    await runner.stop();
    runner = undefined;
    const drain: DrainDriver = {
      async enqueue(inputs) {
        added += inputs.length;
        await utils.addJobs(inputs.map((input) => ({ identifier: TASK, payload: { input } })));
      },
      async startConsumers() {
        runner = await startRunner(true);
      },
      completedCount: driver.completedCount,
    };
    const drainPerSec = await measureDrain(drain, opts.drainRuns, 3_000_000);
    return peerFigures(opts.runs, throughputPerSec, drainPerSec, latencies);
  } finally {
    await runner?.stop();
    await counter.end();
    await utils.release();
  }
}
