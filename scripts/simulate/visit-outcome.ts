// How the simulation's front desk records a visit's outcome.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../server/lib/errors.js";
import { markAttended } from "../../server/services/appointments/book-appointment.js";
import type { SmsService } from "../../server/sms/index.js";

const decided = new Set<string>();

/**
 * Attended is recorded through the appointments service; a no-show is left to the appointment's
 * own reminders run, which marks it missed 4 h after its time and opens a nurse task. Says whether
 * this call recorded the outcome (each appointment once).
 */
export async function markVisitOutcome(
  deps: { db: Db; sms: SmsService },
  appointmentId: string,
  outcome: "ATTENDED" | "NO_SHOW",
  _userId: string,
): Promise<boolean> {
  if (decided.has(appointmentId)) return false;
  decided.add(appointmentId);
  if (outcome === "NO_SHOW") return true;
  try {
    await markAttended(deps.db, appointmentId);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
