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

  /** `onSuspended` is called when task code of the current lease waits on something open. */
  watch(onSuspended: () => void): void {
    this.legSuspended = onSuspended;
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
 * Ends a lease early: cancel, or maxDuration (which also aborts the task). maxDuration counts
 * execution only: time spent suspended is not charged. One per attempt, armed by each lease with its
 * end (a callback, not a promise and an abort listener per lease: each lease's allocations count on
 * the drain path).
 */
export class LegStop {
  private end: ((why: "stopped") => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly abort: AbortController) {}

  /** For one lease: `end` is called on a stop, at once if the attempt was stopped already. */
  arm(end: (why: "stopped") => void, maxDurationS: number | null, usedMs: number): void {
    if (this.abort.signal.aborted) {
      end("stopped");
      return;
    }
    this.end = end;
    if (maxDurationS)
      this.timer = setTimeout(
        () => this.stop("max duration exceeded"),
        Math.max(0, maxDurationS * 1000 - usedMs),
      );
  }

  /** Aborts the task's signal and ends the lease armed now, if any. */
  stop(reason: string): void {
    this.abort.abort(reason);
    const end = this.end;
    this.end = undefined;
    end?.("stopped");
  }

  /** The lease ended: its timer goes, a later stop only aborts. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.end = undefined;
  }
}
