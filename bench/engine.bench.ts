// The embedded engine beside DBOS, pg-boss and graphile-worker on the same Postgres: trivial runs
// triggered one by one (throughput), a drain of runs queued first, idle start latency, 10,000 waits
// due in the same minute, and many parked runs (memory, resume after a restart). Prints the speed
// table of issue #13 at the end. Sequora's flood, drain and latency are measured twice: task code
// in the engine's own thread (embedded default) and in 2 executor threads (`npm run engine`). Sizes (flag or env): --runs BENCH_PEER_RUNS (2,000),
// --senders BENCH_PEER_SENDERS (16), --drain BENCH_DRAIN_RUNS (20,000), --samples
// BENCH_PEER_LATENCY_SAMPLES (200), --same-minute BENCH_SAME_MINUTE_RUNS (10,000), --waiting
// BENCH_WAITING_RUNS (20,000), --rounds BENCH_ROUNDS (3: the trickle, drain and latency phases of
// every system are run that many times, in turn, and each figure is the median; the spread is
// printed). Postgres port: BENCH_PG_PORT (54371).
//   npm run bench -- engine --runs=500 --drain=2000 --samples=50 --same-minute=500 --waiting=2000
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres.js";
import type { DbosFigures } from "./engine-peers/dbos.js";
import {
  freshDatabase,
  measureOptionsFromEnv,
  medianFigures,
  type PeerFigures,
  type Spread,
} from "./engine-peers/measure.js";
import {
  benchIsolation,
  benchParked,
  benchSameMinute,
  benchSequora,
  FLOOD_EXECUTORS,
  type IsolationFigures,
  type ParkedFigures,
  type SameMinuteFigures,
  SEQUORA_CONCURRENCY,
  THREADED_EXECUTORS,
  WAITING_SETTLE_MS,
} from "./engine-peers/sequora.js";
import { benchPeers, PEER_SETUP, peerResults, round, toResults } from "./engine-peers.js";
import type { BenchResult } from "./types.js";

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const THREADED = `sequora, ${THREADED_EXECUTORS} executor threads`;
const taskCodeIn = (n: number) => (n === 0 ? "the engine's own thread" : `${n} executor threads`);
const SEQUORA_SETUP = `engine concurrency ${SEQUORA_CONCURRENCY}, task code in ${taskCodeIn(FLOOD_EXECUTORS)} (the default embedded in Sequora; the peers also run handlers in their own thread), LISTEN/NOTIFY wake-ups, triggers through the SDK, served in-process as the app's own are in embedded mode (the senders share the engine's process), task code's SDK calls in-process, final states in group writes. Also measured with task code in ${THREADED_EXECUTORS} executor threads ("${THREADED}": \`npm run engine\`'s default, which keeps a busy run from delaying the API and other runs; the isolation figure uses it; the waiting-run figures are measured both ways). Handlers stamp their own start, as the peers' do`;

export async function run(): Promise<BenchResult[]> {
  const opts = measureOptionsFromEnv();
  const loadNow = [round(loadavg()[0]!, 2)] as const;
  const loadBefore = load();
  // BENCH_PG_PORT: a second bench (another port, its own data folder) may run beside the first.
  const port = Number(process.env.BENCH_PG_PORT ?? 54371);
  const dataDir = path.resolve(
    process.env.BENCH_PG_PORT ? `.data/bench-engine-${port}` : ".data/bench-engine",
  );
  rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
  try {
    const db = (name: string) => freshDatabase(cluster.adminUrl, name);
    // The threaded figures are a second measurement only when the main one runs task code elsewhere.
    const measureThreaded = FLOOD_EXECUTORS !== THREADED_EXECUTORS;
    // Every system once per round, in turn, so a slow patch of the shared machine hits one round of
    // each rather than one system's only measurement; the figures are the rounds' medians.
    const rounds: Rounds = { ours: [], threaded: [], peers: {}, dbos: [] };
    for (let r = 1; r <= opts.rounds; r++) {
      process.stdout.write(`  round ${r} of ${opts.rounds}\n`);
      rounds.ours.push(
        await benchSequora(
          { flood: await db(`bench_engine_${r}`), drain: await db(`bench_engine_drain_${r}`) },
          opts,
        ),
      );
      if (measureThreaded)
        rounds.threaded.push(
          await benchSequora(
            {
              flood: await db(`bench_engine_threads_${r}`),
              drain: await db(`bench_engine_threads_drain_${r}`),
            },
            opts,
            THREADED_EXECUTORS,
          ),
        );
      const peersNow = await benchPeers({ adminUrl: cluster.adminUrl, measure: opts });
      for (const [name, f] of Object.entries(peersNow.figures))
        rounds.peers[name] = [...(rounds.peers[name] ?? []), f];
      rounds.dbos.push(peersNow.dbos);
    }
    const ours = medianFigures(rounds.ours).median;
    const threaded = measureThreaded ? medianFigures(rounds.threaded).median : undefined;
    const peerFigs = Object.fromEntries(
      Object.entries(rounds.peers).map(([name, list]) => [name, medianFigures(list).median]),
    );
    const peers = {
      figures: peerFigs,
      results: peerResults(peerFigs, medianFigures(rounds.dbos).median, opts.drainRuns),
    };
    const minute = await benchSameMinute(await db("bench_engine_minute"));
    const isolation = await benchIsolation(await db("bench_engine_isolation"));
    const parked = await benchParked(await db("bench_engine_waiting"), FLOOD_EXECUTORS);
    const parkedThreaded = measureThreaded
      ? await benchParked(await db("bench_engine_waiting_threads"), THREADED_EXECUTORS)
      : undefined;
    const loadAfter = load();
    printSetups();
    printSpreads(rounds);
    printIssueTable(ours, threaded, peers.figures, parked, parkedThreaded, isolation, {
      before: loadBefore,
      after: loadAfter,
      opts,
    });
    return [
      ...toResults("sequora", ours, opts.drainRuns),
      ...(threaded ? toResults(THREADED, threaded, opts.drainRuns) : []),
      ...peers.results,
      ...ratios(ours, peers.figures),
      ...minuteResults(minute),
      ...parkedResults(parked, ""),
      ...(parkedThreaded ? parkedResults(parkedThreaded, `${THREADED}: `) : []),
      ...isolationResults(isolation),
      {
        group: "engine",
        name: `load average at start (1/5/15 min: ${loadBefore})`,
        value: loadNow[0],
        unit: "",
      },
      {
        group: "engine",
        name: `load average at end (1/5/15 min: ${loadAfter})`,
        value: round(loadavg()[0]!, 2),
        unit: "",
      },
    ];
  } finally {
    await cluster.stop();
  }
}

interface Rounds {
  ours: PeerFigures[];
  threaded: PeerFigures[];
  peers: Record<string, PeerFigures[]>;
  dbos: DbosFigures[];
}

/** How far each system's trickle, drain and start latency moved between the rounds. */
function printSpreads(rounds: Rounds): void {
  const n = rounds.ours.length;
  if (n < 2) return;
  const f = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
  const range = (s: Spread) => `${f(s.min)}-${f(s.max)}`;
  console.log(`\nSpread over ${n} rounds (lowest-highest; the table gives each figure's median):`);
  const systems: [string, PeerFigures[]][] = [
    ["sequora", rounds.ours],
    ...(rounds.threaded.length ? ([[THREADED, rounds.threaded]] as [string, PeerFigures[]][]) : []),
    ...Object.entries(rounds.peers),
  ];
  for (const [name, list] of systems) {
    const { spread } = medianFigures(list);
    console.log(
      `  ${name.padEnd(30)} trickle ${range(spread.throughputPerSec)} runs/s, drain ${range(spread.drainPerSec)} runs/s, start p50 ${range(spread.p50StartMs)} ms, p99 ${range(spread.p99StartMs)} ms`,
    );
  }
}

function printSetups(): void {
  console.log("\nHow each system is configured for throughput (flood, drain) and for idle latency:");
  console.log(`  sequora          ${SEQUORA_SETUP}`);
  for (const [peer, s] of Object.entries(PEER_SETUP))
    console.log(`  ${peer.padEnd(16)} ${s.flood}; idle: ${s.idle}`);
}

/** Best peer per figure: highest rate, lowest latency. */
function best(peers: Record<string, PeerFigures>, pick: (f: PeerFigures) => number, lowest: boolean) {
  const list = Object.entries(peers).map(([name, f]) => ({ name, value: pick(f) }));
  list.sort((a, b) => (lowest ? a.value - b.value : b.value - a.value));
  return list[0]!;
}

function printIssueTable(
  ours: PeerFigures,
  threaded: PeerFigures | undefined,
  peers: Record<string, PeerFigures>,
  parked: ParkedFigures,
  parkedThreaded: ParkedFigures | undefined,
  iso: IsolationFigures,
  ctx: { before: string; after: string; opts: ReturnType<typeof measureOptionsFromEnv> },
): void {
  const f = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
  const all = (pick: (x: PeerFigures) => number) =>
    Object.entries(peers)
      .map(([name, x]) => `${name} ${f(pick(x))}`)
      .join(", ");
  const rate = (label: string, pick: (x: PeerFigures) => number, goal: string) => {
    const b = best(peers, pick, false);
    return [
      label,
      `${f(pick(ours))} runs/s${threaded ? ` (threads: ${f(pick(threaded))})` : ""}`,
      all(pick),
      `${(pick(ours) / b.value).toFixed(2)}x ${b.name}`,
      goal,
    ];
  };
  const g = peers["graphile-worker"];
  const rows = [
    ["figure", "Sequora", "peers", "ratio (Sequora / best)", "goal"],
    rate(
      `trivial runs, ${ctx.opts.runs} one by one from ${ctx.opts.senders} senders`,
      (x) => x.throughputPerSec,
      ">= 1.0x best",
    ),
    rate(
      `${ctx.opts.drainRuns} trivial runs queued first, then drained`,
      (x) => x.drainPerSec,
      ">= 1.0x graphile-worker",
    ),
    [
      `idle trigger to handler start, p50 / p99 (${ours.samples} samples)`,
      `${f(ours.p50StartMs)} / ${f(ours.p99StartMs)} ms${threaded ? ` (threads: ${f(threaded.p50StartMs)} / ${f(threaded.p99StartMs)})` : ""}`,
      Object.entries(peers)
        .map(([n, x]) => `${n} ${f(x.p50StartMs)} / ${f(x.p99StartMs)}`)
        .join(", "),
      g ? `p50 ${(ours.p50StartMs / g.p50StartMs).toFixed(2)}x graphile-worker` : "",
      "<= graphile-worker",
    ],
    [
      `${parked.runs} waiting runs resumed after a restart`,
      `${f(parked.resumePerSec)} runs/s${parkedThreaded ? ` (threads: ${f(parkedThreaded.resumePerSec)})` : ""}`,
      "",
      "",
      ">= 2,000 runs/s",
    ],
    [
      `${parked.runs} waiting runs, engine RSS (peak)`,
      `${parked.rssWaitingMb} MB (${parked.rssPeakMb} MB)${parkedThreaded ? ` (threads: ${parkedThreaded.rssWaitingMb} MB, peak ${parkedThreaded.rssPeakMb} MB)` : ""}`,
      "",
      "",
      "< 400 MB",
    ],
    [
      `unrelated tasks.trigger while a run spins ${iso.busyMs / 1000} s, p50 / max (${iso.samples})`,
      `${f(iso.triggerP50Ms)} / ${f(iso.triggerMaxMs)} ms`,
      "",
      `its run completed in ${f(iso.completeP50Ms)} / ${f(iso.completeMaxMs)} ms (p50 / max)`,
      "not delayed by the busy run",
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(
    `\nIssue #13 speed table (trickle, drain and start latency: medians of ${ctx.opts.rounds} rounds; load average 1/5/15 min: ${ctx.before} at start, ${ctx.after} at end)`,
  );
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((c, j) => c.padEnd(widths[j]!)).join(" | ")} |`);
    if (i === 0) console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  }
}

function ratios(ours: PeerFigures, peers: Record<string, PeerFigures>): BenchResult[] {
  return Object.entries(peers).flatMap(([peer, p]) => [
    {
      group: "engine",
      name: `throughput ratio sequora / ${peer}`,
      value: ours.throughputPerSec / p.throughputPerSec,
      unit: "x",
      goal: ">= 1",
      ok: ours.throughputPerSec >= p.throughputPerSec,
    },
    {
      group: "engine",
      name: `drain ratio sequora / ${peer}`,
      value: ours.drainPerSec / p.drainPerSec,
      unit: "x",
      goal: ">= 1",
      ok: ours.drainPerSec >= p.drainPerSec,
    },
    {
      group: "engine",
      name: `p50 start latency ratio ${peer} / sequora`,
      value: p.p50StartMs / ours.p50StartMs,
      unit: "x",
      goal: ">= 1",
      ok: p.p50StartMs >= ours.p50StartMs,
    },
    {
      group: "engine",
      name: `p99 start latency ratio ${peer} / sequora`,
      value: p.p99StartMs / ours.p99StartMs,
      unit: "x",
      goal: ">= 1",
      ok: p.p99StartMs >= ours.p99StartMs,
    },
  ]);
}

function minuteResults(m: SameMinuteFigures): BenchResult[] {
  const name = `${m.runs} wait.until in one minute`;
  return [
    { group: "engine", name: `${name}: p50 resume lateness`, value: m.p50LateMs, unit: "ms" },
    {
      group: "engine",
      name: `${name}: p99 resume lateness`,
      value: m.p99LateMs,
      unit: "ms",
      goal: "< 2000 ms",
      ok: m.p99LateMs < 2000,
    },
    { group: "engine", name: `${name}: last one resumed late by`, value: m.lastLateMs, unit: "ms" },
  ];
}

function parkedResults(p: ParkedFigures, label: string): BenchResult[] {
  return [
    {
      group: "engine",
      name: `${label}${p.runs} runs waiting: process RSS ${WAITING_SETTLE_MS / 1000} s after the last parked (before ${p.rssBeforeMb} MB, peak ${p.rssPeakMb} MB)`,
      value: p.rssWaitingMb,
      unit: "MB",
      goal: "< 400 MB",
      ok: Math.max(p.rssWaitingMb, p.rssPeakMb) < 400,
    },
    {
      group: "engine",
      name: `${label}${p.runs} runs waiting: triggered and parked in ${round(p.parkSeconds)} s`,
      value: round(p.runs / p.parkSeconds),
      unit: "runs/s",
    },
    {
      group: "engine",
      name: `${label}${p.runs} runs waiting: resumed after a restart`,
      value: round(p.resumePerSec),
      unit: "runs/s",
      goal: ">= 2,000 runs/s",
      ok: p.resumePerSec >= 2000,
    },
  ];
}

function isolationResults(i: IsolationFigures): BenchResult[] {
  const name = `while one run spins ${i.busyMs / 1000} s (${i.samples} unrelated runs)`;
  return [
    { group: "engine", name: `${name}: tasks.trigger p50`, value: round(i.triggerP50Ms, 2), unit: "ms" },
    {
      group: "engine",
      name: `${name}: tasks.trigger max`,
      value: round(i.triggerMaxMs, 2),
      unit: "ms",
      goal: "< 500 ms",
      ok: i.triggerMaxMs < 500,
    },
    {
      group: "engine",
      name: `${name}: trigger to completed p50`,
      value: round(i.completeP50Ms, 2),
      unit: "ms",
    },
    {
      group: "engine",
      name: `${name}: trigger to completed max`,
      value: round(i.completeMaxMs, 2),
      unit: "ms",
      // None may wait for the spinning run to end.
      goal: `< ${i.busyMs / 4} ms`,
      ok: i.completeMaxMs < i.busyMs / 4,
    },
  ];
}
