import { concurrencyLimit, queue, task } from "@trigger.dev/sdk";

// Named and inline concurrency limits (`concurrencyLimit()`, the task `concurrency` option). Each
// task holds for `ms`; the test reads how runs overlapped from their start and finish times.

const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shared by two tasks: one of their runs at a time, whichever task. */
export const sharedLimit = concurrencyLimit({ name: "compat-shared", total: 1 });
/** A wider pool a trigger may name instead. */
export const wideLimit = concurrencyLimit({ name: "compat-wide", total: 5 });
/** One run per concurrencyKey. */
export const keyedLimit = concurrencyLimit({ name: "compat-keyed", perKey: 1 });

export const inlineTotal = task({
  id: "compat.inline-total",
  concurrency: { total: 2 },
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { held: p.ms };
  },
});

export const sharedA = task({
  id: "compat.shared-a",
  concurrency: sharedLimit,
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { task: "a" };
  },
});

export const sharedB = task({
  id: "compat.shared-b",
  // By name, as a task file that does not import the declaration would.
  concurrency: ["compat-shared"],
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { task: "b" };
  },
});

export const keyed = task({
  id: "compat.keyed",
  concurrency: [keyedLimit, { total: 3 }],
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { ok: true };
  },
});

// Queues (`queues.*`): a custom queue with a limit, and a task whose own queue has none.

export const lane = queue({ name: "compat-lane", concurrencyLimit: 1 });

export const inLane = task({
  id: "compat.in-lane",
  queue: lane,
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { ok: true };
  },
});

export const free = task({
  id: "compat.free",
  run: async (p: { ms: number }) => {
    await hold(p.ms);
    return { ok: true };
  },
});
