import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { cancelAppointment, cancelRequest, openVisitsOf } from "./cancel-visit.js";

/**
 * The patient texted "R" / "reschedule" / "cambiar": new times are offered at once (`visit.offer`,
 * cause RESCHEDULE, keyed by the reply so a re-routed message offers once).
 *
 * Which old slot goes when: a BOOKED appointment is kept until the new time is booked (`bookSlot`
 * then cancels it and frees its slot). We chose this over releasing it at the pick or when the
 * offer lapses because a patient who never answers, answers 0, or whose new pick staff reject must
 * not be left with no visit at all: the 7/14-day visit is the point of the programme. A request
 * still waiting for staff is different: nothing was promised yet, and keeping it would leave two
 * requests for one visit, so it is cancelled (its held slot freed) before the new offer.
 */
export async function patientAsksReschedule(
  deps: { db: Db; jobs: JobStarter },
  input: { patientId: string; messageId: string },
): Promise<"OFFERED" | null> {
  const { db } = deps;
  const episode = await db.episode.findFirst({
    where: { patientId: input.patientId, status: "ACTIVE" },
    orderBy: { dischargedAt: "desc" },
    select: { id: true },
  });
  if (!episode) return null;
  const open = await openVisitsOf(db, { episodeId: episode.id });
  for (const r of open.requests) await cancelRequest(deps, r.id, "FREE");
  await deps.jobs.offerVisit({
    episodeId: episode.id,
    patientId: input.patientId,
    cause: "RESCHEDULE",
    key: `reschedule:${input.messageId}`,
  });
  return "OFFERED";
}

/**
 * A new follow-up visit was booked for the episode: the one it replaces (a reschedule, or a nurse
 * booking over a texted pick) is cancelled and its slot freed, so a patient holds one visit.
 * Only slot-booked visits are replaced; an appointment a nurse typed in by hand may be another
 * clinic's and stays.
 */
export async function replacedVisits(db: Db, input: { episodeId: string; keepAppointmentId: string }) {
  const old = await db.appointment.findMany({
    where: {
      episodeId: input.episodeId,
      id: { not: input.keepAppointmentId },
      status: { in: ["SCHEDULED", "CONFIRMED"] },
      slotId: { not: null },
    },
    select: { id: true },
  });
  for (const a of old) await cancelAppointment(db, a.id, "FREE");
  return old.length;
}
