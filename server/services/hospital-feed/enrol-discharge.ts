import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { AppError } from "../../lib/errors.js";
import { createEpisode } from "../episodes/create-episode.js";
import type { Discharge } from "../episodes/intake-schema.js";

/**
 * THE one call into enrolment from the hospital feed, made exactly as the intake procedure makes
 * it today (episode-router's `enroll`). Enrolment is being reshaped into its own use case: at the
 * merge this body becomes one call to it.
 */
export async function enrolDischarge(
  deps: { db: Db; jobs: JobStarter; hospitalName: string },
  discharge: Discharge,
): Promise<{ ok: true; episodeId: string; patientId: string } | { ok: false; reason: string }> {
  try {
    const created = await createEpisode(deps.db, discharge, { hospitalName: deps.hospitalName });
    const runId = await deps.jobs.enroll({ id: created.episodeId, patientId: created.patientId });
    await deps.db.episode.update({ where: { id: created.episodeId }, data: { enrollRunId: runId } });
    return { ok: true, ...created };
  } catch (err) {
    // Refusals (already enrolled, phone of another patient, discharge too old) are outcomes to
    // show on the message page, not failures to resend.
    if (err instanceof AppError) return { ok: false, reason: err.message };
    throw err;
  }
}
