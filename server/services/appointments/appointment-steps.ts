import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";

const HOUR = 3_600_000;

/** After the appointment time plus this grace, an appointment nobody marked attended is "missed". */
export const MISSED_AFTER_MS = 4 * HOUR;

export async function loadAppointment(db: Db, appointmentId: string) {
  return db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      status: true,
      scheduledAt: true,
      patientId: true,
      episodeId: true,
      transportNeeded: true,
      reminder24SentAt: true,
      reminder2SentAt: true,
      patient: { select: { optedOut: true } },
    },
  });
}

export const reminderTimes = (scheduledAt: Date) => ({
  at24h: new Date(scheduledAt.getTime() - 24 * HOUR),
  at2h: new Date(scheduledAt.getTime() - 2 * HOUR),
  missedAt: new Date(scheduledAt.getTime() + MISSED_AFTER_MS),
});

export async function markReminderSent(db: Db, appointmentId: string, which: "24h" | "2h"): Promise<void> {
  await db.appointment.update({
    where: { id: appointmentId },
    data: which === "24h" ? { reminder24SentAt: now() } : { reminder2SentAt: now() },
  });
}

/** Marks an appointment missed once, if it was neither attended nor cancelled. */
export async function markMissed(db: Db, appointmentId: string): Promise<boolean> {
  const res = await db.appointment.updateMany({
    where: { id: appointmentId, status: { in: ["SCHEDULED", "CONFIRMED"] } },
    data: { status: "MISSED" },
  });
  return res.count === 1;
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
