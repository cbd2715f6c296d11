import type { SuspendControl } from "./runtime-manager.js";

export const SUSPENDED = "suspended" as const;

/** Collects the waits of one suspension (parallel waits arrive in the same tick) and releases them on resume. */
export class Suspender {
  private readonly blocks = new Set<string>();
  private waiters: Array<() => void> = [];
  private legSuspended: (() => void) | undefined;
  /** After the attempt ended: a late wait parks nothing and never returns. */
  closed = false;

  readonly control: SuspendControl = {
    suspend: (ids: string[]): Promise<void> => {
      if (this.closed) return new Promise<void>(() => {});
      for (const id of ids) this.blocks.add(id);
      setImmediate(() => this.legSuspended?.());
      return new Promise<void>((resolve) => this.waiters.push(resolve));
    },
  };

  /** Resolves when task code of the current lease waits on something open. */
  next(): Promise<typeof SUSPENDED> {
    return new Promise((resolve) => {
      this.legSuspended = () => resolve(SUSPENDED);
    });
  }

  take(): string[] {
    const ids = [...this.blocks];
    this.blocks.clear();
    return ids;
  }

  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Resolves when the lease must stop early: cancel, or maxDuration (which also aborts the task).
 * maxDuration counts execution only: time spent suspended is not charged.
 */
export function stopSignal(
  maxDurationS: number | null,
  usedMs: number,
  abort: AbortController,
): { stopped: Promise<"stopped">; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const stopped = new Promise<"stopped">((resolve) => {
    if (abort.signal.aborted) return resolve("stopped");
    onAbort = () => resolve("stopped");
    abort.signal.addEventListener("abort", onAbort, { once: true });
    if (maxDurationS)
      timer = setTimeout(
        () => abort.abort("max duration exceeded"),
        Math.max(0, maxDurationS * 1000 - usedMs),
      );
  });
  // Each leg of a run adds its own listener to the attempt's one signal: removed when the leg ends.
  return {
    stopped,
    clear: () => {
      clearTimeout(timer);
      abort.signal.removeEventListener("abort", onAbort);
    },
  };
}
