import Papa from "papaparse";
import type { Db } from "../../db/client.js";
import { wallClockNow } from "../../lib/clock.js";
import { localDate } from "../../lib/local-date.js";
import type { TcmCalendar } from "./tcm-facts.js";
import { listQualifying } from "./tcm-status.js";

export const TCM_CSV_COLUMNS = [
  "mrn",
  "discharge_date",
  "contact_date",
  "contact_method",
  "visit_date",
  "mdm_level",
  "code",
] as const;

// A cell a spreadsheet would run as a formula is written as text (CSV injection).
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The month's qualifying episodes as CSV for billing. Each export is audited once per patient it
 * lists (a disclosure of their record), or once without a patient when the month is empty.
 */
export async function exportQualifyingCsv(
  db: Db,
  opts: { month: string; calendar: TcmCalendar; userId: string },
): Promise<{ filename: string; csv: string; rows: number }> {
  const episodes = await listQualifying(db, opts);
  const day = (at: Date | null) => (at ? localDate(at, opts.calendar.timeZone) : "");
  const rows = episodes.map((e) => {
    const c = e.tcm.contact;
    const byAttempts = c.state === "ATTEMPTS";
    return [
      safe(e.mrn),
      day(e.dischargedAt),
      byAttempts ? "" : day(c.madeAt),
      byAttempts ? "ATTEMPTS" : (c.via ?? ""),
      day(e.tcm.visit.at),
      e.tcm.mdmLevel ?? "",
      e.tcm.code ?? "",
    ];
  });
  const csv = Papa.unparse({ fields: [...TCM_CSV_COLUMNS], data: rows }, { newline: "\n" });
  const at = wallClockNow();
  const patientIds = [...new Set(episodes.map((e) => e.patientId))];
  await db.auditLog.createMany({
    data: (patientIds.length ? patientIds : [null]).map((patientId) => ({
      userId: opts.userId,
      patientId,
      action: "EXPORT" as const,
      createdAt: at,
    })),
  });
  return { filename: `tcm-${opts.month}.csv`, csv: `${csv}\n`, rows: rows.length };
}
