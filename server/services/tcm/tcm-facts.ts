import type { Db, MdmLevel } from "../../db/client.js";
import type { TcmFacts } from "./tcm-rules.js";

/** The hospital's business-day calendar: where days are counted, and which are holidays. */
export interface TcmCalendar {
  timeZone: string;
  /** ISO dates; empty: U.S. federal holidays. A clinic's own calendar can be passed here. */
  holidays: readonly string[];
}

export function calendarFromEnv(env: {
  TCM_TIME_ZONE: string;
  TCM_HOLIDAYS?: string | undefined;
}): TcmCalendar {
  return { timeZone: env.TCM_TIME_ZONE, holidays: env.TCM_HOLIDAYS ? env.TCM_HOLIDAYS.split(",") : [] };
}

/**
 * Outbound templates a staff member writes (a nurse's own text). Every template Sequora sends
 * today is automated (check-ins, reminders, acknowledgements), and CMS does not count automated
 * messages, so only these make a text exchange an interactive contact.
 */
export const STAFF_TEXT_TEMPLATES = ["staff.message"] as const;

// The disposition documents three tries to reach the patient, made before the task was closed.
const ATTEMPTS_PER_UNREACHABLE = 3;

type Visit = TcmFacts["visits"][number];
type Text = TcmFacts["texts"][number];

export const episodeSelect = {
  id: true,
  patientId: true,
  dischargedAt: true,
  status: true,
  tcmMedRecAt: true,
  tcmMdmLevel: true,
  patient: { select: { mrn: true, firstName: true, lastName: true } },
} as const;

export interface EpisodeRow {
  id: string;
  patientId: string;
  dischargedAt: Date;
  tcmMedRecAt: Date | null;
  tcmMdmLevel: MdmLevel | null;
}

/**
 * Gathers, in five queries whatever the number of episodes, what the TCM rules judge. The episode's
 * clinic (whose closed days are not business days) is the clinic of its booked visit, else the
 * default clinic (the first active one).
 */
export async function loadTcmFacts(
  db: Db,
  episodes: readonly EpisodeRow[],
  calendar: TcmCalendar,
  now: Date,
): Promise<Map<string, TcmFacts>> {
  const ids = episodes.map((e) => e.id);
  const patientIds = [...new Set(episodes.map((e) => e.patientId))];
  const [tasks, appointments, exchanges, defaultClinic] = await Promise.all([
    // A task raised before the episode knew it still belongs to the patient: match by patient too.
    db.escalationTask.findMany({
      where: {
        OR: [{ episodeId: { in: ids } }, { episodeId: null, patientId: { in: patientIds } }],
        AND: [{ OR: [{ firstContactAt: { not: null } }, { disposition: "UNABLE_TO_REACH_X3" }] }],
      },
      select: { episodeId: true, patientId: true, firstContactAt: true, disposition: true, resolvedAt: true },
    }),
    db.appointment.findMany({
      where: { episodeId: { in: ids }, status: { in: ["COMPLETED", "SCHEDULED", "CONFIRMED"] } },
      select: {
        episodeId: true,
        scheduledAt: true,
        status: true,
        slot: { select: { clinic: { select: { holidays: true } } } },
      },
    }),
    // A staff member's text and the patient's first answer after it (any episode of the patient's).
    ids.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<{ episodeId: string; staffAt: Date; replyAt: Date }[]>`
          SELECT s."episodeId", s."createdAt" AS "staffAt", min(p."createdAt") AS "replyAt"
          FROM "Message" s
          JOIN "Message" p ON p."patientId" = s."patientId" AND p.direction = 'INBOUND'
            AND p."createdAt" > s."createdAt"
          WHERE s.direction = 'OUTBOUND' AND s.template = ANY(${[...STAFF_TEXT_TEMPLATES]})
            AND s."episodeId" = ANY(${ids})
          GROUP BY s.id, s."episodeId", s."createdAt"`,
    db.clinic.findFirst({
      where: { active: true },
      orderBy: { createdAt: "asc" },
      select: { holidays: true },
    }),
  ]);
  const clinicHolidays = new Map<string, string[]>();
  const calls = new Map<string, Date[]>();
  const attempts = new Map<string, Date[]>();
  const visits = new Map<string, Visit[]>();
  const texts = new Map<string, Text[]>();
  const push = <T>(m: Map<string, T[]>, id: string, ...items: T[]) =>
    m.set(id, [...(m.get(id) ?? []), ...items]);
  const byPatient = new Map(episodes.map((e) => [e.patientId, e.id]));
  for (const t of tasks) {
    const id = t.episodeId ?? byPatient.get(t.patientId);
    if (!id) continue;
    if (t.firstContactAt) push(calls, id, t.firstContactAt);
    if (t.disposition === "UNABLE_TO_REACH_X3" && t.resolvedAt) {
      push(attempts, id, ...Array<Date>(ATTEMPTS_PER_UNREACHABLE).fill(t.resolvedAt));
    }
  }
  for (const a of appointments) {
    if (a.slot) clinicHolidays.set(a.episodeId, a.slot.clinic.holidays);
    push(visits, a.episodeId, {
      at: a.scheduledAt,
      status: a.status === "COMPLETED" ? "COMPLETED" : "BOOKED",
    });
  }
  for (const x of exchanges) {
    push(texts, x.episodeId, { at: x.staffAt, author: "STAFF" }, { at: x.replyAt, author: "PATIENT" });
  }
  return new Map(
    episodes.map((e) => [
      e.id,
      {
        dischargedAt: e.dischargedAt,
        timeZone: calendar.timeZone,
        holidays: calendar.holidays,
        clinicHolidays: clinicHolidays.get(e.id) ?? defaultClinic?.holidays ?? [],
        now,
        calls: calls.get(e.id) ?? [],
        texts: texts.get(e.id) ?? [],
        attempts: attempts.get(e.id) ?? [],
        visits: visits.get(e.id) ?? [],
        medRecAt: e.tcmMedRecAt,
        mdmLevel: e.tcmMdmLevel,
      },
    ]),
  );
}
