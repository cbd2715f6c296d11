import { task, wait } from "@trigger.dev/sdk";

// Task code runs in the engine's own thread or in its executor threads: starts and finishes reach
// the bench over a BroadcastChannel (delivered across threads of one process; the bench timestamps
// on receipt).
let channel: BroadcastChannel | undefined;
const signal = (kind: "started" | "finished", n: number) => {
  if (!channel) {
    channel = new BroadcastChannel("sequora-engine-bench");
    (channel as unknown as { unref(): void }).unref();
  }
  channel.postMessage({ kind, n });
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
