import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";

const HOUR = 3_600_000;

export async function loadAppointment(db: Db, appointmentId: string) {
  return db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      scheduledAt: true,
      location: true,
      patientId: true,
      episodeId: true,
      transportNeeded: true,
      rideBookedAt: true,
      reminder24SentAt: true,
      reminder2SentAt: true,
      patient: { select: { optedOut: true, timeZone: true } },
      // Booked from a slot: the clinic's details; typed in by a nurse: only `location`.
      slot: {
        select: {
          clinician: { select: { name: true } },
          clinic: {
            select: {
              address: true,
              timeZone: true,
              parkingNotes: true,
              buildingNotes: true,
              prepNotes: true,
            },
          },
        },
      },
    },
  });
}

export type LoadedAppointment = NonNullable<Awaited<ReturnType<typeof loadAppointment>>>;

export async function markReminderSent(db: Db, appointmentId: string, which: "24h" | "2h"): Promise<void> {
  await db.appointment.update({
    where: { id: appointmentId },
    data: which === "24h" ? { reminder24SentAt: now() } : { reminder2SentAt: now() },
  });
}

/** A "YES"/"1" within two days before an appointment whose reminder went out confirms it. */
export async function confirmUpcomingAppointment(db: Db, patientId: string): Promise<string | null> {
  const at = now();
  const appt = await db.appointment.findFirst({
    where: {
      patientId,
      status: "SCHEDULED",
      scheduledAt: { gt: at, lt: new Date(at.getTime() + 48 * HOUR) },
      OR: [{ reminder24SentAt: { not: null } }, { reminder2SentAt: { not: null } }],
    },
    orderBy: { scheduledAt: "asc" },
    select: { id: true },
  });
  if (!appt) return null;
  await db.appointment.update({ where: { id: appt.id }, data: { status: "CONFIRMED", confirmedAt: at } });
  return appt.id;
}
