// How the simulation's front desk records a visit's outcome: the same use case as the nurse's
// "attended / no-show" buttons and the EHR, with the source SIMULATION.
import type { Db } from "../../server/db/client.js";
import { jobs } from "../../server/jobs/index.js";
import { AppError } from "../../server/lib/errors.js";
import { recordVisitOutcome } from "../../server/services/visits/visit-outcome.js";
import type { SmsService } from "../../server/sms/index.js";

/** Says whether this call recorded the outcome (a visit cancelled or moved meanwhile is skipped). */
export async function markVisitOutcome(
  deps: { db: Db; sms: SmsService },
  appointmentId: string,
  outcome: "ATTENDED" | "NO_SHOW",
  userId: string,
): Promise<boolean> {
  try {
    const { changed } = await recordVisitOutcome(
      { db: deps.db, jobs, sms: deps.sms },
      { appointmentId, outcome, userId, source: "SIMULATION" },
    );
    return changed;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
