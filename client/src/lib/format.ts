import { format, formatDistanceStrict, isSameDay } from "date-fns";

/** Times are shown in the viewer's own zone (the browser's), which is what date-fns formats in. */
export function formatDateTime(d: Date | string, now?: Date): string {
  const date = typeof d === "string" ? new Date(d) : d;
  if (now && isSameDay(date, now)) return format(date, "HH:mm");
  return format(date, "MMM d, HH:mm");
}

export function formatFull(d: Date | string): string {
  return format(typeof d === "string" ? new Date(d) : d, "EEE MMM d yyyy, HH:mm:ss");
}

export function ago(d: Date | string, now: Date): string {
  return formatDistanceStrict(typeof d === "string" ? new Date(d) : d, now, { addSuffix: true });
}

export function labelOf(code: string): string {
  const words = code.toLowerCase().split("_");
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(" ");
}
