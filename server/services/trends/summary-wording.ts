import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

const DAY = 86_400_000;
const WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** "two URGENT tasks", "one task", "12 tasks": small counts in words, as a person says them. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${WORDS[n] ?? n} ${n === 1 ? noun : plural}`;
}

/** Everything the summary says, gathered by episodeSummary (or a test). Times are absolute. */
export interface EpisodeFacts {
  dischargedAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  timeZone: string;
  /** Weights in lb, oldest first. */
  weights: { at: Date; lb: number }[];
  /** Tasks raised in the last 7 days. */
  recentTasks: { severity: string; status: string }[];
  /** Finished or due check-ins, oldest first (canceled ones left out). */
  checkIns: { status: string; late: boolean }[];
  nextAppointment: { at: Date; status: string; transportNeeded: boolean } | null;
  /** Out-of-range readings of the last check-in that had one: "blood sugar 62 (low)". */
  flaggedReadings: string[];
}

export function episodeDay(dischargedAt: Date, at: Date): number {
  return Math.floor((at.getTime() - dischargedAt.getTime()) / DAY) + 1;
}

function weightPart(weights: EpisodeFacts["weights"], now: Date): string | null {
  const last = weights.at(-1);
  if (!last) return null;
  // The change over the last week of readings: what the HF rules look at.
  const since = weights.find((w) => w.at.getTime() >= last.at.getTime() - 7 * DAY) ?? last;
  const days = Math.round((last.at.getTime() - since.at.getTime()) / DAY);
  const diff = Math.round((last.lb - since.lb) * 10) / 10;
  const ago = Math.floor((now.getTime() - last.at.getTime()) / DAY);
  const stale = ago > 3 ? ` (last weighed ${ago} days ago)` : "";
  if (days === 0 || Math.abs(diff) < 1) return `weight steady at ${last.lb} lb${stale}`;
  return `weight ${diff > 0 ? "up" : "down"} ${Math.abs(diff)} lb in ${days} ${days === 1 ? "day" : "days"}${stale}`;
}

function taskPart(tasks: EpisodeFacts["recentTasks"]): string | null {
  if (tasks.length === 0) return null;
  const parts: string[] = [];
  for (const sev of ["EMERGENT", "URGENT", "ROUTINE"]) {
    const of = tasks.filter((t) => t.severity === sev);
    if (of.length === 0) continue;
    const open = of.filter((t) => t.status === "OPEN" || t.status === "IN_PROGRESS").length;
    const state =
      open === 0
        ? of.length === 1
          ? "resolved"
          : of.length === 2
            ? "both resolved"
            : "all resolved"
        : open === of.length
          ? of.length === 1
            ? "open"
            : of.length === 2
              ? "both open"
              : "all open"
          : `${WORDS[open] ?? open} open`;
    parts.push(`${count(of.length, `${sev} task`)} this week (${state})`);
  }
  return parts.join(", ");
}

function checkInPart(checkIns: EpisodeFacts["checkIns"]): string {
  const done = checkIns.filter((c) => c.status === "COMPLETED" || c.status === "NO_RESPONSE");
  const last = done.at(-1);
  if (!last) return "no check-ins answered yet";
  if (last.status === "NO_RESPONSE") {
    let missed = 0;
    for (let i = done.length - 1; i >= 0 && done[i]!.status === "NO_RESPONSE"; i--) missed++;
    return missed === 1 ? "missed last check-in" : `missed the last ${WORDS[missed] ?? missed} check-ins`;
  }
  return last.late ? "answered last check-in late" : "answered last check-in";
}

function appointmentPart(a: EpisodeFacts["nextAppointment"], now: Date, tz: string): string | null {
  if (!a) return null;
  const local = new TZDate(a.at.getTime(), tz);
  const soon = a.at.getTime() - now.getTime() < 6 * DAY;
  const when = format(local, soon ? "EEE HH:mm" : "MMM d HH:mm");
  const notes = [
    a.status === "CONFIRMED" ? "confirmed" : null,
    a.transportNeeded ? "needs a ride" : null,
  ].filter(Boolean);
  return `follow-up visit ${when}${notes.length ? ` (${notes.join(", ")})` : ""}`;
}

const sentence = (parts: string[]) => {
  const s = parts.join(", ");
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
};

/**
 * The plain-language line at the top of the task and patient pages, and in the closing note:
 * "Day 12 of 30. Weight up 4 lb in 5 days, two URGENT tasks this week (both resolved), missed
 * last check-in, follow-up visit Thu 10:00." Pure: the same facts always give the same words.
 */
export function describeEpisode(f: EpisodeFacts, now: Date): string {
  const length = Math.round((f.closesAt.getTime() - f.dischargedAt.getTime()) / DAY);
  const head = f.closedAt
    ? `Episode closed on day ${Math.min(length, episodeDay(f.dischargedAt, f.closedAt))} of ${length}.`
    : `Day ${Math.max(1, Math.min(length, episodeDay(f.dischargedAt, now)))} of ${length}.`;
  const parts = [
    weightPart(f.weights, f.closedAt ?? now),
    ...f.flaggedReadings,
    taskPart(f.recentTasks),
    checkInPart(f.checkIns),
    f.closedAt ? null : appointmentPart(f.nextAppointment, now, f.timeZone),
  ].filter((p): p is string => Boolean(p));
  return `${head} ${sentence(parts)}`;
}
