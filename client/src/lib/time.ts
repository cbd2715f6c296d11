import { formatDuration, intervalToDuration } from "date-fns";
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

/** "1h 05m", "12m 30s", or with a leading minus sign once overdue. */
export function countdown(due: Date, now: Date): { text: string; overdue: boolean } {
  const overdue = due.getTime() < now.getTime();
  const [start, end] = overdue ? [due, now] : [now, due];
  const d = intervalToDuration({ start, end });
  const hours = (d.days ?? 0) * 24 + (d.hours ?? 0);
  const text =
    hours > 0
      ? `${hours}h ${String(d.minutes ?? 0).padStart(2, "0")}m`
      : `${d.minutes ?? 0}m ${String(d.seconds ?? 0).padStart(2, "0")}s`;
  return { text: overdue ? `−${text}` : text, overdue };
}

export function humanDuration(ms: number): string {
  const d = intervalToDuration({ start: 0, end: ms });
  return formatDuration(d, { format: ["days", "hours", "minutes"] }) || "less than a minute";
}
