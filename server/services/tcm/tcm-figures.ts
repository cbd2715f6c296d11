import type { Db } from "../../db/client.js";
import type { TcmCode } from "../../domain/tcm.js";
import { now } from "../../lib/clock.js";
import { episodeSelect, loadTcmFacts, type TcmCalendar } from "./tcm-facts.js";
import { evaluateTcm } from "./tcm-rules.js";

const DEFAULT_CALENDAR: TcmCalendar = { timeZone: "America/New_York", holidays: [] };

const share = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

/**
 * Programme figures for episodes discharged in [from, to): the share seen face to face within 7
 * and 14 days (a completed visit) and the episodes that can bill TCM, by code.
 */
export async function tcmFigures(db: Db, opts: { from: Date; to: Date; calendar?: TcmCalendar }) {
  const calendar = opts.calendar ?? DEFAULT_CALENDAR;
  const episodes = await db.episode.findMany({
    where: { dischargedAt: { gte: opts.from, lt: opts.to } },
    select: episodeSelect,
  });
  const facts = await loadTcmFacts(db, episodes, calendar, now());
  let within7 = 0;
  let within14 = 0;
  const byCode: Record<TcmCode, number> = { "99496": 0, "99495": 0 };
  for (const e of episodes) {
    const s = evaluateTcm(facts.get(e.id)!);
    if (s.visit.day !== null && s.visit.day <= 7) within7++;
    if (s.visit.day !== null && s.visit.day <= 14) within14++;
    if (s.code) byCode[s.code]++;
  }
  return {
    episodes: episodes.length,
    visitWithin7Days: { count: within7, percent: share(within7, episodes.length) },
    visitWithin14Days: { count: within14, percent: share(within14, episodes.length) },
    tcmQualifying: { total: byCode["99496"] + byCode["99495"], byCode },
  };
}
