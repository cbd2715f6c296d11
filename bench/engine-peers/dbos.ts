import { DBOS, DBOSClient } from "@dbos-inc/dbos-sdk";
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
  percentile,
  Signals,
} from "./measure.js";

const QUEUE = "bench_echo";
const DRAIN_QUEUE = "bench_drain";
/** DBOS's default queue poll is 1 s; 100 ms is a common low-latency setting for it. */
export const DBOS_QUEUE_POLL_MS = 100;

const signals = new Signals();

// DBOS keeps one global registry that must be complete before launch, so the workflow is
// registered once per process with the plain function API (no decorators, which tsx cannot
// emit metadata for).
let echo: ((input: number) => Promise<number>) | null = null;
function registerEcho(): (input: number) => Promise<number> {
  echo ??= DBOS.registerWorkflow(
    async (input: number) => {
      signals.started(input);
      signals.finished(input);
      return input;
    },
    { name: "benchEcho" },
  );
  return echo;
}

/** DBOS 5 workflows started on a database-backed queue, so they run asynchronously. */
export interface DbosFigures extends PeerFigures {
  directP50StartMs: number;
  directP99StartMs: number;
}

export async function benchDbos(adminUrl: string, opts: MeasureOptions): Promise<DbosFigures> {
  const url = await freshDatabase(adminUrl, "bench_peer_dbos");
  const workflow = registerEcho();
  DBOS.setConfig({ name: "sequora-bench", systemDatabaseUrl: url, logLevel: "error" });
  await DBOS.launch();
  const counter = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await DBOS.registerQueue(QUEUE, {
      minPollingIntervalMs: DBOS_QUEUE_POLL_MS,
      onConflict: "always_update",
    });
    const driver: PeerDriver = {
      async trigger(input) {
        await DBOS.startWorkflow(workflow, { queueName: QUEUE })(input);
      },
      startedOf: (input) => signals.startedOf(input),
      finishedOf: (input) => signals.finishedOf(input),
      async completedCount() {
        const { rows } = await counter.query<{ n: string }>(
          "SELECT count(*) AS n FROM dbos.workflow_status WHERE queue_name = $1 AND status = 'SUCCESS'",
          [QUEUE],
        );
        return Number(rows[0]?.n ?? 0);
      },
    };
    const latencies = await measureStartLatency(driver, (i) => signals.arm(i), opts, 1_000_000);
    // For context: a workflow started without a queue runs at once in the calling process.
    const direct: PeerDriver = {
      ...driver,
      async trigger(input) {
        await DBOS.startWorkflow(workflow)(input);
      },
    };
    const directLatencies = await measureStartLatency(direct, (i) => signals.arm(i), opts, 2_000_000);
    const throughputPerSec = await measureThroughput(driver, opts, 0);
    // Drain: a DBOS client queues the workflows on a queue this process does not serve yet;
    // registering the queue starts consuming it.
    const client = await DBOSClient.create({ systemDatabaseUrl: url });
    const drain: DrainDriver = {
      async enqueue(inputs) {
        await Promise.all(
          inputs.map((input) => client.enqueue({ queueName: DRAIN_QUEUE, workflowName: "benchEcho" }, input)),
        );
      },
      async startConsumers() {
        await DBOS.registerQueue(DRAIN_QUEUE, {
          minPollingIntervalMs: DBOS_QUEUE_POLL_MS,
          onConflict: "always_update",
        });
      },
      async completedCount() {
        const { rows } = await counter.query<{ n: string }>(
          "SELECT count(*) AS n FROM dbos.workflow_status WHERE queue_name = $1 AND status = 'SUCCESS'",
          [DRAIN_QUEUE],
        );
        return Number(rows[0]?.n ?? 0);
      },
    };
    const drainPerSec = await measureDrain(drain, opts.drainRuns, 3_000_000).finally(() => client.destroy());
    return {
      ...peerFigures(opts.runs, throughputPerSec, drainPerSec, latencies),
      directP50StartMs: percentile(directLatencies, 50),
      directP99StartMs: percentile(directLatencies, 99),
    };
  } finally {
    await counter.end();
    await DBOS.shutdown();
  }
}
