import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { runMetadata } from "@trigger.dev/core/v3";
import { metadata } from "@trigger.dev/sdk";

// The SDK keeps task context, runtime manager, metadata manager, lifecycle listeners and the API
// client config in one process-global object. We replace that object with a Proxy that first looks
// in the current attempt's AsyncLocalStorage store: many attempts can then interleave in one
// process, each seeing only its own run, and code outside any attempt (the backend) sees none.
const GLOBAL_KEY = Symbol.for("dev.trigger.ts.api");

/** Slots that belong to one attempt; everything else (resource catalog, hooks registry...) is shared. */
export const PER_RUN_SLOTS = [
  "task-context",
  "runtime",
  "run-metadata",
  "lifecycle-hooks",
  "locals",
  "api-client",
  "wait-until",
  "realtime-streams",
  "input-streams",
] as const;
export type PerRunSlot = (typeof PER_RUN_SLOTS)[number];
const perRun = new Set<string | symbol>(PER_RUN_SLOTS);

export type SlotStore = Map<string, unknown>;
const storage = new AsyncLocalStorage<SlotStore>();
let installed = false;

export function installContextSlots(): void {
  if (installed) return;
  installed = true;
  patchUpdaters(metadata);
  const g = globalThis as Record<symbol, unknown>;
  const base = (g[GLOBAL_KEY] as Record<string | symbol, unknown> | undefined) ?? {};
  g[GLOBAL_KEY] = new Proxy(base, {
    get(target, prop) {
      const store = storage.getStore();
      if (store && perRun.has(prop)) return store.get(prop as string);
      return target[prop];
    },
    set(target, prop, value) {
      const store = storage.getStore();
      if (store && perRun.has(prop)) store.set(prop as string, value);
      else target[prop] = value;
      return true;
    },
    deleteProperty(target, prop) {
      const store = storage.getStore();
      if (store && perRun.has(prop)) store.delete(prop as string);
      else delete target[prop];
      return true;
    },
  });
}

type Updater = Record<string, (...args: unknown[]) => unknown>;

/**
 * Task files compiled as CommonJS load the SDK's CommonJS build: another `metadata` object, with
 * its own import-time capture (its managers live in the same process-global slots). Called once
 * the task files are loaded, it patches that build only if one of them loaded it (loading it just
 * in case cost every engine and executor thread most of a second of CPU at start).
 */
export function patchLoadedCommonJsSdk(): void {
  try {
    const require = createRequire(import.meta.url);
    const loaded = require.cache[require.resolve("@trigger.dev/sdk")]?.exports as
      | { metadata?: typeof metadata }
      | undefined;
    if (loaded?.metadata && loaded.metadata !== metadata) patchUpdaters(loaded.metadata);
  } catch {
    // No CommonJS build installed: nothing to patch.
  }
}

/**
 * The SDK captures `metadata.parent` / `metadata.root` once, when it is first imported (usually before
 * any manager exists, so they are no-ops forever). Replace them with updaters that resolve the
 * current attempt's manager on every call.
 */
function patchUpdaters(md: typeof metadata): void {
  const target = md as unknown as Record<"parent" | "root", Updater>;
  for (const which of ["parent", "root"] as const) {
    const dynamic: Updater = {};
    for (const method of ["set", "del", "append", "remove", "increment", "decrement", "update", "stream"]) {
      dynamic[method] = (...args: unknown[]) => {
        const live = (runMetadata as unknown as Record<typeof which, Updater>)[which];
        const fn = live[method];
        const out = fn ? fn(...args) : undefined;
        return method === "stream" ? out : dynamic;
      };
    }
    target[which] = dynamic;
  }
}

/**
 * A per-run manager made only when task code first uses it: most runs never touch realtime or input
 * streams, yet each attempt made both managers (with their API clients and maps), and kept them
 * while parked. Until then, a call named in `idle` (the SDK's end-of-run clearing) does nothing.
 */
export function onFirstUse<T extends object>(
  make: () => T,
  idle: readonly string[],
): { slot: T; made(): T | undefined } {
  let real: T | undefined;
  const noop = () => {};
  const slot = new Proxy({} as T, {
    get(_target, prop) {
      if (!real && typeof prop === "string" && idle.includes(prop)) return noop;
      real ??= make();
      const value = (real as Record<string | symbol, unknown>)[prop];
      return typeof value === "function" ? value.bind(real) : value;
    },
    set(_target, prop, value) {
      real ??= make();
      (real as Record<string | symbol, unknown>)[prop] = value;
      return true;
    },
  });
  return { slot, made: () => real };
}

export function runInSlots<T>(store: SlotStore, fn: () => T): T {
  return storage.run(store, fn);
}

/**
 * Runs `fn` outside of any attempt (e.g. engine bookkeeping started from inside a run's async chain).
 * With no store rather than `storage.exit()`: on Node 20, `exit()` disables the storage for the
 * call, and with no other storage enabled that turns the promise hooks off and on again, once per
 * attempt.
 */
export function runOutsideSlots<T>(fn: () => T): T {
  return storage.run(undefined as unknown as SlotStore, fn);
}

export function currentSlots(): SlotStore | undefined {
  return storage.getStore();
}
