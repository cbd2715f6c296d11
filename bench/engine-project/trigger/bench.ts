import { task, wait } from "@trigger.dev/sdk";

// Task code runs in the engine's own thread or in its executor threads. Starts and finishes are
// stamped here, in the handler, as the peers' handlers stamp theirs: in the bench's own thread the
// bench's function is called directly (as the peers' handlers call theirs); from an executor
// thread they go over a BroadcastChannel, carrying the handler's time (performance.timeOrigin +
// now(), the same clock in every thread of the process), so delivery is not counted as start-up.
type BenchSignal = (kind: "started" | "finished", n: number, at: number) => void;
let channel: BroadcastChannel | undefined;
const signal = (kind: "started" | "finished", n: number) => {
  const at = performance.timeOrigin + performance.now();
  const direct = (globalThis as { __sequoraBenchSignal?: BenchSignal }).__sequoraBenchSignal;
  if (direct) return direct(kind, n, at);
  if (!channel) {
    channel = new BroadcastChannel("sequora-engine-bench");
    (channel as unknown as { unref(): void }).unref();
  }
  channel.postMessage({ kind, n, at });
};

/**
 * Trivial work, the same as the peers do: report the start, return the input. No queue limit, as
 * the peers have none; the engine's own `concurrency` bounds what runs at once.
 */
export const echo = task({
  id: "bench.echo",
  run: async (payload: { n: number }) => {
    signal("started", payload.n);
    signal("finished", payload.n);
    return payload.n;
  },
});

export const until = task({
  id: "bench.until",
  run: async (payload: { until: string }) => {
    await wait.until({ date: new Date(payload.until) });
    return { resumedAt: Date.now() };
  },
});

export const park = task({
  id: "bench.park",
  run: async () => {
    await wait.for({ hours: 1 });
    return { resumedAt: Date.now() };
  },
});

/** CPU-bound (a busy loop): the isolation figure times unrelated triggers while it spins. */
export const busy = task({
  id: "bench.busy",
  run: async (payload: { ms: number }) => {
    signal("started", -1);
    const start = performance.now();
    while (performance.now() - start < payload.ms) {
      // spin
    }
    return payload.ms;
  },
});
