import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import type { SmsService } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";

const DAY = 86_400_000;

/** The patient's next visit (in the coming two weeks) a ride would be for. */
function nextVisit(db: Db, patientId: string) {
  const at = now();
  return db.appointment.findFirst({
    where: {
      patientId,
      status: { in: ["SCHEDULED", "CONFIRMED"] },
      scheduledAt: { gt: at, lt: new Date(at.getTime() + 14 * DAY) },
    },
    orderBy: { scheduledAt: "asc" },
    select: {
      id: true,
      episodeId: true,
      scheduledAt: true,
      location: true,
      slot: { select: { clinic: { select: { address: true } } } },
    },
  });
}

/**
 * "No ride" in answer to a reminder: the visit needs transport, a ROUTINE TRANSPORT_NEEDED task
 * carries the visit's time and address (evidence, never the text), and the patient is told a
 * nurse will help. Null when there is no upcoming visit (the text is then free text for a nurse).
 */
export async function requestRide(
  deps: { db: Db; jobs: JobStarter; sms: SmsService },
  input: { patientId: string; messageId: string },
): Promise<string | null> {
  const visit = await nextVisit(deps.db, input.patientId);
  if (!visit) return null;
  await deps.db.appointment.update({ where: { id: visit.id }, data: { transportNeeded: true } });
  await raiseEscalation(deps, {
    patientId: input.patientId,
    episodeId: visit.episodeId,
    severity: "ROUTINE",
    reasonCode: "TRANSPORT_NEEDED",
    action: "Arrange a ride to the follow-up visit, then mark the ride booked",
    evidence: {
      appointmentId: visit.id,
      visitAt: visit.scheduledAt.toISOString(),
      address: visit.slot?.clinic.address ?? visit.location,
      messageId: input.messageId,
    },
  });
  await deps.sms.send({
    patientId: input.patientId,
    episodeId: visit.episodeId,
    template: "appt.ride_noted",
    vars: {},
    purpose: "REPLY",
    idempotencyKey: `ride-noted:${input.messageId}`,
  });
  return visit.id;
}

/** Staff booked the ride: the next reminder says so. Idempotent (the first booking time stays). */
export async function markRideBooked(
  db: Db,
  input: { appointmentId: string },
): Promise<{ changed: boolean }> {
  const appt = await db.appointment.findUnique({
    where: { id: input.appointmentId },
    select: { status: true, rideBookedAt: true },
  });
  if (!appt) throw new AppError("NOT_FOUND", "Appointment not found");
  if (appt.rideBookedAt) return { changed: false };
  if (appt.status !== "SCHEDULED" && appt.status !== "CONFIRMED")
    throw new AppError("CONFLICT", "The visit is no longer upcoming");
  const res = await db.appointment.updateMany({
    where: { id: input.appointmentId, rideBookedAt: null },
    data: { rideBookedAt: now(), transportNeeded: true },
  });
  return { changed: res.count === 1 };
}
