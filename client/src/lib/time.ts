import { formatDuration, intervalToDuration } from "date-fns";
import { useEffect, useState } from "react";

/** Current time, re-rendered every `intervalMs`, corrected by the server's clock (embedded mode may run ahead). */
export function useNow(serverOffsetMs = 0, intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date(Date.now() + serverOffsetMs));
  useEffect(() => {
    // Apply a new offset at once: after a demo clock jump the first second must not show old time.
    setNow(new Date(Date.now() + serverOffsetMs));
    const id = setInterval(() => setNow(new Date(Date.now() + serverOffsetMs)), intervalMs);
    return () => clearInterval(id);
  }, [serverOffsetMs, intervalMs]);
  return now;
}

/** Server time minus browser time, from a response's `serverNow`. */
export function serverOffset(serverNow: Date | undefined): number {
  return serverNow ? serverNow.getTime() - Date.now() : 0;
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
