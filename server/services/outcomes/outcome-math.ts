// Pure counting for the outcome measures: the rules a programme lead would check by hand.

const DAY_MS = 86_400_000;
/** The measurement window: a readmission or ED visit within 30 days of the index discharge. */
export const WINDOW_DAYS = 30;
/** How far back a task counts as "the care team knew": the week before the return. */
export const TASK_LOOKBACK_DAYS = 7;

export interface IndexEpisode {
  id: string;
  patientId: string;
  protocol: string;
  dischargedAt: Date;
}
export interface Return {
  episodeId: string;
  kind: "READMISSION" | "ED_RETURN";
  occurredAt: Date;
}
export interface TaskSpan {
  patientId: string;
  primaryReason: string;
  createdAt: Date;
  resolvedAt: Date | null;
  firstContactAt: Date | null;
  slaDueAt: Date;
  slaBreachedAt: Date | null;
}

export interface RateRow {
  episodes: number;
  readmissions: number;
  edReturns: number;
  /** Percent, one decimal; null with no episodes. */
  readmissionRate: number | null;
  edReturnRate: number | null;
  /** Episodes whose 30 days are not over yet: their rate can still rise. */
  stillInWindow: number;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The first return of each kind within the window, per episode. */
export function firstReturns(episodes: IndexEpisode[], returns: Return[]) {
  const byId = new Map(episodes.map((e) => [e.id, e]));
  const first = new Map<string, { READMISSION?: Date; ED_RETURN?: Date }>();
  for (const r of returns) {
    const e = byId.get(r.episodeId);
    if (!e) continue;
    const days = (r.occurredAt.getTime() - e.dischargedAt.getTime()) / DAY_MS;
    if (days < 0 || days > WINDOW_DAYS) continue;
    const seen = first.get(e.id) ?? {};
    const prior = seen[r.kind];
    if (!prior || r.occurredAt < prior) seen[r.kind] = r.occurredAt;
    first.set(e.id, seen);
  }
  return first;
}

export function rateRow(group: IndexEpisode[], first: ReturnType<typeof firstReturns>, at: Date): RateRow {
  const readmissions = group.filter((e) => first.get(e.id)?.READMISSION).length;
  const edReturns = group.filter((e) => first.get(e.id)?.ED_RETURN).length;
  const open = group.filter((e) => at.getTime() - e.dischargedAt.getTime() < WINDOW_DAYS * DAY_MS);
  return {
    episodes: group.length,
    readmissions,
    edReturns,
    readmissionRate: pct(readmissions, group.length),
    edReturnRate: pct(edReturns, group.length),
    stillInWindow: open.length,
  };
}

/** Readmissions by whole days from discharge (0..30). */
export function daysToReadmission(episodes: IndexEpisode[], first: ReturnType<typeof firstReturns>) {
  const counts = Array.from({ length: WINDOW_DAYS + 1 }, () => 0);
  const days: number[] = [];
  for (const e of episodes) {
    const at = first.get(e.id)?.READMISSION;
    if (!at) continue;
    const d = Math.floor((at.getTime() - e.dischargedAt.getTime()) / DAY_MS);
    counts[d] = (counts[d] ?? 0) + 1;
    days.push(d);
  }
  days.sort((a, b) => a - b);
  const median = days.length ? (days[Math.floor((days.length - 1) / 2)] ?? null) : null;
  return { buckets: counts.map((count, day) => ({ day, count })), median };
}

// When the SLA was missed: the monitor's mark, or else the due time passed before any contact.
function breachedAt(t: TaskSpan): Date | null {
  if (t.slaBreachedAt) return t.slaBreachedAt;
  const handled = [t.firstContactAt, t.resolvedAt].filter((d): d is Date => d !== null);
  const first = handled.length ? new Date(Math.min(...handled.map((d) => d.getTime()))) : null;
  return !first || first > t.slaDueAt ? t.slaDueAt : null;
}

/** Tasks the return itself opened are not evidence that the team knew before. */
const RETURN_REASONS = new Set(["READMITTED", "ED_RETURN"]);

/**
 * Of the patients readmitted, how many had a task open at some point in the week before the
 * readmission, or one whose SLA was breached in that week.
 */
export function tasksBeforeReadmission(
  readmitted: { patientId: string; occurredAt: Date }[],
  tasks: TaskSpan[],
) {
  const patients = new Map<string, { open: boolean; breached: boolean }>();
  for (const r of readmitted) {
    const from = r.occurredAt.getTime() - TASK_LOOKBACK_DAYS * DAY_MS;
    const to = r.occurredAt.getTime();
    const mine = tasks.filter(
      (t) =>
        t.patientId === r.patientId && !RETURN_REASONS.has(t.primaryReason) && t.createdAt.getTime() < to,
    );
    const open = mine.some((t) => !t.resolvedAt || t.resolvedAt.getTime() > from);
    const breached = mine.some((t) => {
      const b = breachedAt(t)?.getTime();
      return b !== undefined && b >= from && b < to;
    });
    const seen = patients.get(r.patientId) ?? { open: false, breached: false };
    patients.set(r.patientId, { open: seen.open || open, breached: seen.breached || breached });
  }
  const all = [...patients.values()];
  const withOpen = all.filter((p) => p.open).length;
  const withBreached = all.filter((p) => p.breached).length;
  const withEither = all.filter((p) => p.open || p.breached).length;
  return {
    readmittedPatients: all.length,
    withOpenTask: withOpen,
    withBreachedTask: withBreached,
    withEither,
    share: pct(withEither, all.length),
  };
}
