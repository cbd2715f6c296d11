import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";

const DAY = 86_400_000;

/**
 * Past visits of the last two weeks nobody has marked attended or missed yet, oldest first, for
 * the nurses' Visit requests page. Names only: the page is behind sign-in.
 */
export async function listVisitsToMark(db: Db) {
  const at = now();
  const rows = await db.appointment.findMany({
    where: {
      status: { in: ["SCHEDULED", "CONFIRMED"] },
      scheduledAt: { lt: at, gt: new Date(at.getTime() - 14 * DAY) },
      episode: { status: "ACTIVE" },
    },
    orderBy: { scheduledAt: "asc" },
    take: 100,
    select: {
      id: true,
      scheduledAt: true,
      location: true,
      patientId: true,
      patient: { select: { firstName: true, lastName: true } },
      slot: { select: { clinic: { select: { name: true } }, clinician: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    scheduledAt: r.scheduledAt,
    patientId: r.patientId,
    patientName: `${r.patient.firstName} ${r.patient.lastName}`,
    place: r.slot?.clinic.name ?? r.location,
    clinician: r.slot?.clinician.name ?? null,
  }));
}
