import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import {
  daysToReadmission,
  firstReturns,
  type IndexEpisode,
  monthOf,
  rateRow,
  tasksBeforeReadmission,
  WINDOW_DAYS,
} from "./outcome-math.js";

export interface OutcomeQuery {
  /** Calendar months of index discharges, this one included (UTC months, as Prisma stores). */
  months: number;
}

/**
 * The outcomes the programme is judged by, from the hospital feed's returns: 30-day readmission
 * and ED-return rates by protocol and by month of the index discharge, days from discharge to
 * readmission, and how many readmitted patients had an open or breached task in the week before.
 * Every follow-up episode is an index discharge, except one the hospital canceled (A11/A13).
 */
export async function getOutcomeMeasures(db: Db, q: OutcomeQuery) {
  const at = now();
  const since = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - (q.months - 1), 1));
  const [rows, canceled] = await Promise.all([
    db.episode.findMany({
      where: { dischargedAt: { gte: since, lte: at } },
      select: { id: true, patientId: true, protocol: true, dischargedAt: true },
    }),
    db.hospitalMessage.findMany({
      where: { result: "CANCELED", episodeId: { not: null }, receivedAt: { gte: since } },
      select: { episodeId: true },
    }),
  ]);
  const canceledIds = new Set(canceled.map((c) => c.episodeId));
  const episodes: IndexEpisode[] = rows.filter((e) => !canceledIds.has(e.id));
  const returns = await db.hospitalReturn.findMany({
    where: { episodeId: { in: episodes.map((e) => e.id) }, canceledAt: null },
    select: { episodeId: true, kind: true, occurredAt: true },
  });
  const first = firstReturns(episodes, returns);

  const protocols = [...new Set(episodes.map((e) => e.protocol))].sort();
  const byProtocol = protocols.map((protocol) => ({
    protocol,
    ...rateRow(
      episodes.filter((e) => e.protocol === protocol),
      first,
      at,
    ),
  }));
  const byMonth = monthsFrom(since, at).map((month) => ({
    month,
    ...rateRow(
      episodes.filter((e) => monthOf(e.dischargedAt) === month),
      first,
      at,
    ),
  }));

  const readmitted = episodes.flatMap((e) => {
    const occurredAt = first.get(e.id)?.READMISSION;
    return occurredAt ? [{ patientId: e.patientId, occurredAt }] : [];
  });
  const tasks = readmitted.length
    ? await db.escalationTask.findMany({
        where: {
          patientId: { in: [...new Set(readmitted.map((r) => r.patientId))] },
          status: { not: "CANCELED" },
        },
        select: {
          patientId: true,
          primaryReason: true,
          createdAt: true,
          resolvedAt: true,
          firstContactAt: true,
          slaDueAt: true,
          slaBreachedAt: true,
        },
      })
    : [];

  return {
    since,
    windowDays: WINDOW_DAYS,
    overall: rateRow(episodes, first, at),
    byProtocol,
    byMonth,
    daysToReadmission: daysToReadmission(episodes, first),
    tasksBefore: tasksBeforeReadmission(readmitted, tasks),
  };
}

function monthsFrom(since: Date, at: Date): string[] {
  const out: string[] = [];
  for (let d = new Date(since); d <= at; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)))
    out.push(monthOf(d));
  return out;
}
