import { task, wait } from "@trigger.dev/sdk";

type Hooks = { started(n: number): void; finished(n: number): void };
const hooks = () => (globalThis as { __engineBench?: Hooks }).__engineBench;

/**
 * Trivial work, the same as the peers do: report the start, return the input. No queue limit, as
 * the peers have none; the engine's own `concurrency` bounds what runs at once.
 */
export const echo = task({
  id: "bench.echo",
  run: async (payload: { n: number }) => {
    hooks()?.started(payload.n);
    hooks()?.finished(payload.n);
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
