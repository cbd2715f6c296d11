import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { MAX_AHEAD_MS } from "../../lib/date-bounds.js";
import { AppError } from "../../lib/errors.js";

export interface Booking {
  episodeId: string;
  scheduledAt: Date;
  location: string;
  transportNeeded: boolean;
}

/**
 * Book a follow-up appointment on an active episode and start its reminders
 * (`appointment.reminders`: 24 h and 2 h before, then a task if it is missed).
 */
export async function bookAppointment(
  deps: { db: Db; jobs: Pick<JobStarter, "remindAppointment"> },
  input: Booking,
) {
  if (input.scheduledAt <= now())
    throw new AppError("INVALID_INPUT", "The appointment must be in the future");
  if (input.scheduledAt.getTime() > now().getTime() + MAX_AHEAD_MS)
    throw new AppError("INVALID_INPUT", "The appointment must be within the next two years");
  const episode = await deps.db.episode.findUnique({
    where: { id: input.episodeId },
    select: { patientId: true, status: true },
  });
  if (!episode) throw new AppError("NOT_FOUND", "Episode not found");
  if (episode.status !== "ACTIVE") throw new AppError("CONFLICT", "The episode is closed");
  const appt = await deps.db.appointment.create({
    data: {
      episodeId: input.episodeId,
      patientId: episode.patientId,
      scheduledAt: input.scheduledAt,
      location: input.location,
      transportNeeded: input.transportNeeded,
    },
    select: { id: true, patientId: true },
  });
  const runId = await deps.jobs.remindAppointment(appt);
  await deps.db.appointment.update({ where: { id: appt.id }, data: { runId } });
  return { appointmentId: appt.id, runId };
}

/** Attended: also what stops the reminders' missed-appointment follow-up. */
export async function markAttended(db: Db, appointmentId: string) {
  const res = await db.appointment.updateMany({
    where: { id: appointmentId, status: { in: ["SCHEDULED", "CONFIRMED", "MISSED"] } },
    data: { status: "COMPLETED" },
  });
  if (res.count === 0) throw new AppError("CONFLICT", "This appointment cannot be marked attended");
  return { ok: true };
}
