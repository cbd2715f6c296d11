import type { Db } from "../../db/client.js";
import { now as clockNow } from "../../lib/clock.js";
import { localDate } from "../../lib/local-date.js";
import { addDays } from "./business-days.js";
import { episodeSelect, loadTcmFacts, type TcmCalendar } from "./tcm-facts.js";
import { evaluateTcm, type TcmStatus } from "./tcm-rules.js";

// Day 14 ends in the hospital's time zone; a day's margin covers any zone's offset from UTC.
const WINDOW_DAYS = 15;
const DAY = 86_400_000;

export interface EpisodeTcm {
  episodeId: string;
  patientId: string;
  mrn: string;
  patientName: string;
  dischargedAt: Date;
  episodeStatus: "ACTIVE" | "CLOSED";
  tcm: TcmStatus;
}

type Row = Awaited<ReturnType<typeof findEpisodes>>[number];

function findEpisodes(db: Db, where: NonNullable<Parameters<Db["episode"]["findMany"]>[0]>["where"]) {
  return db.episode.findMany({ where, select: episodeSelect, orderBy: { dischargedAt: "asc" } });
}

async function evaluate(db: Db, rows: Row[], calendar: TcmCalendar, at: Date): Promise<EpisodeTcm[]> {
  const facts = await loadTcmFacts(db, rows, calendar, at);
  return rows.map((e) => ({
    episodeId: e.id,
    patientId: e.patientId,
    mrn: e.patient.mrn,
    patientName: `${e.patient.firstName} ${e.patient.lastName}`,
    dischargedAt: e.dischargedAt,
    episodeStatus: e.status,
    tcm: evaluateTcm(facts.get(e.id)!),
  }));
}

/** The TCM status of a patient's latest episode (the patient page's card), or null without one. */
export async function getPatientTcm(
  db: Db,
  opts: { patientId: string; calendar: TcmCalendar },
): Promise<EpisodeTcm | null> {
  const latest = await db.episode.findFirst({
    where: { patientId: opts.patientId },
    orderBy: { dischargedAt: "desc" },
    select: episodeSelect,
  });
  if (!latest) return null;
  const [one] = await evaluate(db, [latest], opts.calendar, clockNow());
  return one ?? null;
}

/**
 * Followed episodes still inside the TCM window with something at risk (contact not yet made,
 * visit not yet booked), the nearest deadline first.
 */
export async function listAtRisk(db: Db, opts: { calendar: TcmCalendar; limit: number }) {
  const at = clockNow();
  const rows = await findEpisodes(db, {
    status: "ACTIVE",
    dischargedAt: { gte: new Date(at.getTime() - WINDOW_DAYS * DAY), lte: at },
  });
  const all = await evaluate(db, rows, opts.calendar, at);
  const atRisk = all
    .filter((e) => e.tcm.nextDeadline !== null)
    .sort((a, b) => a.tcm.nextDeadline!.getTime() - b.tcm.nextDeadline!.getTime());
  return { serverNow: at, episodes: atRisk.slice(0, opts.limit), total: atRisk.length };
}

/**
 * Episodes that can bill TCM with their date of service (the face-to-face visit) in a month
 * ("2026-12"), counted in the hospital's time zone.
 */
export async function listQualifying(db: Db, opts: { month: string; calendar: TcmCalendar }) {
  const first = `${opts.month}-01`;
  const next = addDays(`${opts.month}-28`, 4).slice(0, 7);
  const from = new Date(Date.parse(`${first}T00:00:00Z`) - DAY);
  const to = new Date(Date.parse(`${next}-01T00:00:00Z`) + DAY);
  const rows = await findEpisodes(db, {
    appointments: { some: { status: "COMPLETED", scheduledAt: { gte: from, lt: to } } },
  });
  const all = await evaluate(db, rows, opts.calendar, clockNow());
  return all
    .filter(
      (e) => e.tcm.code !== null && localDate(e.tcm.visit.at!, opts.calendar.timeZone).startsWith(opts.month),
    )
    .sort((a, b) => a.tcm.visit.at!.getTime() - b.tcm.visit.at!.getTime());
}
