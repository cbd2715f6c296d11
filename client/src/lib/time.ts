import { formatDuration } from "date-fns";
import { useEffect, useMemo, useState } from "react";

/** Current time, re-rendered every `intervalMs`, corrected by the server's clock (embedded mode may run ahead). */
export function useNow(rawOffsetMs = 0, intervalMs = 1000): Date {
  // Sub-second differences between two measurements are network jitter, not clock change.
  const serverOffsetMs = Math.round(rawOffsetMs / 1000) * 1000;
  const [now, setNow] = useState(() => new Date(Date.now() + serverOffsetMs));
  useEffect(() => {
    // Apply a new offset at once: after a demo clock jump the first second must not show old time.
    setNow(new Date(Date.now() + serverOffsetMs));
    const id = setInterval(() => setNow(new Date(Date.now() + serverOffsetMs)), intervalMs);
    return () => clearInterval(id);
  }, [serverOffsetMs, intervalMs]);
  return now;
}

/**
 * Server time minus browser time, measured once when a response's `serverNow` arrives (measuring
 * at every render would make the offset shrink as the data ages and freeze the countdowns).
 */
export function useServerOffset(serverNow: Date | undefined): number {
  const at = serverNow?.getTime();
  return useMemo(() => (at === undefined ? 0 : at - Date.now()), [at]);
}

/**
 * "1h 05m", "12m 30s", or with a leading minus sign once overdue. Counted from the milliseconds
 * themselves: a calendar duration would put 40 days as "1 month 10 days" and the hours would lose
 * the month.
 */
export function countdown(due: Date, now: Date): { text: string; overdue: boolean } {
  const diffMs = due.getTime() - now.getTime();
  const overdue = diffMs < 0;
  const totalSeconds = Math.floor(Math.abs(diffMs) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const text =
    hours > 0
      ? `${hours}h ${String(minutes).padStart(2, "0")}m`
      : `${minutes}m ${String(seconds).padStart(2, "0")}s`;
  return { text: overdue ? `−${text}` : text, overdue };
}

/** "3 days 2 hours 5 minutes": days are the largest unit (a 32-day run is not "1 day"). */
/** How long a traced span took: ms under a second, seconds under a minute, then as humanDuration. */
export function spanLength(ms: number): string {
  if (ms < 1000) return `${Math.round(Math.max(0, ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return humanDuration(ms);
}

export function humanDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  return formatDuration({ days, hours, minutes }) || "less than a minute";
}
