import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { AppError } from "../../lib/errors.js";
import { createEpisode } from "./create-episode.js";
import { type CsvRow, parseDischargeCsv } from "./csv-intake.js";
import type { Discharge } from "./intake-schema.js";

export interface EnrolDeps {
  db: Db;
  jobs: Pick<JobStarter, "enroll">;
  /** Used when the discharge does not name its hospital. */
  hospitalName: string;
}

/**
 * Enrol a patient: patient and episode in one transaction, then the 30-day follow-up run
 * (`episode.enroll`, keyed by the episode, so a retried intake starts it once), whose id is kept on
 * the episode so closing it can cancel the run. The only way an episode starts.
 */
export async function enrolPatient(deps: EnrolDeps, discharge: Discharge) {
  const created = await createEpisode(deps.db, discharge, { hospitalName: deps.hospitalName });
  const runId = await deps.jobs.enroll({ id: created.episodeId, patientId: created.patientId });
  await deps.db.episode.update({ where: { id: created.episodeId }, data: { enrollRunId: runId } });
  return { ...created, runId };
}

/** Validates every row and saves nothing: the SPA shows this before the upload is confirmed. */
export function previewDischargeCsv(csv: string): { rows: CsvRow[] } {
  const { rows, fatal } = parseDischargeCsv(csv);
  if (fatal) throw new AppError("INVALID_INPUT", fatal);
  return { rows };
}

export type ImportedRow =
  | { line: number; ok: true; episodeId: string }
  | { line: number; ok: false; errors: string[] };

/** Enrols each valid row on its own; a row refused (e.g. already enrolled) does not stop the rest. */
export async function enrolFromCsv(deps: EnrolDeps, csv: string) {
  const { rows } = previewDischargeCsv(csv);
  const results: ImportedRow[] = [];
  for (const row of rows) {
    if (!row.ok) {
      results.push(row);
      continue;
    }
    try {
      const created = await enrolPatient(deps, row.value);
      results.push({ line: row.line, ok: true, episodeId: created.episodeId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ line: row.line, ok: false, errors: [err.message] });
    }
  }
  return { created: results.filter((r) => r.ok).length, rows: results };
}
