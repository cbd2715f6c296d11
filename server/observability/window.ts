import { nowMs } from "../lib/clock.js";

// Recent counts in this process, per minute, for the five-minute checks and the rolled-up history
// (5xx rate, request volume) without diffing Prometheus counters. Minutes follow the process clock,
// which the demo clock moves, so a check in virtual time sees the same window as the app.
export type WindowSeries = "httpRequests" | "http5xx" | "trpcCalls" | "trpc5xx";

const KEEP_MINUTES = 15;
const minutes = new Map<number, Record<WindowSeries, number>>();

const empty = (): Record<WindowSeries, number> => ({ httpRequests: 0, http5xx: 0, trpcCalls: 0, trpc5xx: 0 });

export function recordWindow(series: WindowSeries, at: number = nowMs()): void {
  const minute = Math.floor(at / 60_000);
  let row = minutes.get(minute);
  if (!row) {
    row = empty();
    minutes.set(minute, row);
    for (const key of minutes.keys())
      if (key < minute - KEEP_MINUTES || key > minute + KEEP_MINUTES) minutes.delete(key);
  }
  row[series] += 1;
}

/** Counts in the `windowMs` before `at` (whole minutes, at most 15). */
export function windowCounts(windowMs: number, at: number = nowMs()): Record<WindowSeries, number> {
  const last = Math.floor(at / 60_000);
  const first = last - Math.max(1, Math.round(windowMs / 60_000)) + 1;
  const total = empty();
  for (const [minute, row] of minutes) {
    if (minute < first || minute > last) continue;
    for (const key of Object.keys(total) as WindowSeries[]) total[key] += row[key];
  }
  return total;
}

/** Tests start each case from an empty window. */
export function resetWindow(): void {
  minutes.clear();
}
