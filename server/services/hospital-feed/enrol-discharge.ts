import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { AppError } from "../../lib/errors.js";
import { type Discharge, enrolPatient } from "../enrolment/index.js";

/** The hospital feed's one call into enrolment: the same use case as the intake form's. */
export async function enrolDischarge(
  deps: { db: Db; jobs: JobStarter; hospitalName: string },
  discharge: Discharge,
): Promise<{ ok: true; episodeId: string; patientId: string } | { ok: false; reason: string }> {
  try {
    const { episodeId, patientId } = await enrolPatient(deps, discharge);
    return { ok: true, episodeId, patientId };
  } catch (err) {
    // Refusals (already enrolled, phone of another patient, discharge too old) are outcomes to
    // show on the message page, not failures to resend.
    if (err instanceof AppError) return { ok: false, reason: err.message };
    throw err;
  }
}
