import type { Db } from "../../server/db/client.js";
import type { EngineState } from "../../server/engine/index.js";
import { now } from "../../server/lib/clock.js";
import { tcmFigures } from "../../server/services/tcm/index.js";

export async function simulationReport(db: Db, engine: EngineState) {
  const [checkIns, tasks, messages, runs, dupes] = await Promise.all([
    db.checkIn.groupBy({ by: ["status"], _count: { _all: true } }),
    db.escalationTask.findMany({
      select: { severity: true, slaBreachedAt: true, firstContactAt: true, slaDueAt: true },
    }),
    db.message.groupBy({ by: ["direction"], _count: { _all: true } }),
    engine.countRuns(),
    // "Texted twice": the same text to the same patient twice in a row, with no reply in between,
    // within one check-in or within an hour (the same question in the next check-in is not a repeat).
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT direction, body, "checkInId", "createdAt",
               lag(direction) OVER w AS prev_dir, lag(body) OVER w AS prev_body,
               lag("checkInId") OVER w AS prev_checkin, lag("createdAt") OVER w AS prev_at
        FROM "Message" WHERE status <> 'SUPPRESSED'
        WINDOW w AS (PARTITION BY "patientId" ORDER BY "createdAt", id)
      ) m
      WHERE direction = 'OUTBOUND' AND prev_dir = 'OUTBOUND' AND body = prev_body
        AND ("checkInId" = prev_checkin OR "createdAt" - prev_at < interval '1 hour')`,
  ]);
  const bySeverity: Record<string, { total: number; met: number; breached: number }> = {};
  for (const t of tasks) {
    const s = bySeverity[t.severity] ?? { total: 0, met: 0, breached: 0 };
    bySeverity[t.severity] = s;
    s.total++;
    if (t.slaBreachedAt) s.breached++;
    else if (t.firstContactAt && t.firstContactAt <= t.slaDueAt) s.met++;
  }
  const patients = await db.patient.count();
  const outbound = messages.find((m) => m.direction === "OUTBOUND")?._count._all ?? 0;
  const runCounts: Record<string, number> = {};
  for (const r of runs) runCounts[r.status] = (runCounts[r.status] ?? 0) + r.count;
  const failed = ["COMPLETED_WITH_ERRORS", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT"].reduce(
    (a, s) => a + (runCounts[s] ?? 0),
    0,
  );
  return {
    checkIns: Object.fromEntries(checkIns.map((c) => [c.status, c._count._all])),
    tasksBySeverity: bySeverity,
    messages: Object.fromEntries(messages.map((m) => [m.direction, m._count._all])),
    messagesPerPatient: patients ? Math.round((outbound / patients) * 10) / 10 : 0,
    duplicateMessages: Number(dupes[0]?.n ?? 0),
    runs: runCounts,
    runsFailed: failed,
    visits: await visitFigures(db),
  };
}

const byStatus = (rows: { status: string; _count: { _all: number } }[]) =>
  Object.fromEntries(rows.map((r) => [r.status, r._count._all]));

/**
 * Follow-up visits: offers and requests by outcome, visits attended and missed, and Transitional
 * Care Management (services/tcm): the share seen within 7 and 14 days of discharge and the episodes
 * that can bill 99496, 99495 or neither.
 */
export async function visitFigures(db: Db) {
  const [offers, requests, appointments, tcm] = await Promise.all([
    db.visitOffer.groupBy({ by: ["status"], _count: { _all: true } }),
    db.visitRequest.groupBy({ by: ["status"], _count: { _all: true } }),
    db.appointment.groupBy({ by: ["status"], _count: { _all: true } }),
    tcmFigures(db, { from: new Date(0), to: now() }),
  ]);
  const req = byStatus(requests);
  const appts = byStatus(appointments);
  return {
    offers: byStatus(offers),
    requests: {
      total: Object.values(req).reduce((a, n) => a + n, 0),
      approved: req.APPROVED ?? 0,
      rejected: req.REJECTED ?? 0,
      expired: req.EXPIRED ?? 0,
      byStatus: req,
    },
    appointments: { attended: appts.COMPLETED ?? 0, noShows: appts.MISSED ?? 0, byStatus: appts },
    visitWithin7Days: tcm.visitWithin7Days,
    visitWithin14Days: tcm.visitWithin14Days,
    tcm: {
      episodes: tcm.episodes,
      qualifying: tcm.tcmQualifying.total,
      "99496": tcm.tcmQualifying.byCode["99496"],
      "99495": tcm.tcmQualifying.byCode["99495"],
      none: tcm.episodes - tcm.tcmQualifying.total,
    },
  };
}
