import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import type { SendInput } from "../../sms/index.js";
import { replacedVisits } from "./reschedule-visit.js";

export const SLOT_SELECT = {
  id: true,
  startsAt: true,
  status: true,
  clinician: { select: { id: true, name: true } },
  clinic: {
    select: { id: true, name: true, address: true, timeZone: true, holidays: true, prepNotes: true },
  },
} as const;

/**
 * Books a slot as the episode's follow-up appointment: the slot becomes BOOKED (from FREE, or from
 * HELD for the request holding it), the Appointment row is created with the clinic's address, and
 * its reminders start. Returns the confirmation text for the patient (address, what to bring).
 */
export async function bookSlot(
  deps: { db: Db; jobs: Pick<JobStarter, "remindAppointment"> },
  input: { episodeId: string; slotId: string; fromHeld: boolean; key: string },
): Promise<{ appointmentId: string; text: SendInput }> {
  const { db } = deps;
  const episode = await db.episode.findUnique({
    where: { id: input.episodeId },
    select: { id: true, status: true, patientId: true },
  });
  if (!episode) throw new AppError("NOT_FOUND", "Episode not found");
  if (episode.status !== "ACTIVE") throw new AppError("CONFLICT", "The episode is closed");
  const slot = await db.slot.findUnique({ where: { id: input.slotId }, select: SLOT_SELECT });
  if (!slot) throw new AppError("NOT_FOUND", "Slot not found");
  if (slot.startsAt <= now()) throw new AppError("CONFLICT", "That time has passed");
  const appt = await db.$transaction(async (tx) => {
    const taken = await tx.slot.updateMany({
      where: { id: slot.id, status: input.fromHeld ? { in: ["HELD", "FREE"] } : "FREE" },
      data: { status: "BOOKED", holdExpiresAt: null },
    });
    if (taken.count !== 1) throw new AppError("CONFLICT", "That time was just taken");
    return tx.appointment.create({
      data: {
        episodeId: episode.id,
        patientId: episode.patientId,
        scheduledAt: slot.startsAt,
        location: `${slot.clinic.name}, ${slot.clinic.address}`,
        slotId: slot.id,
      },
      select: { id: true, patientId: true },
    });
  });
  const runId = await deps.jobs.remindAppointment(appt);
  await db.appointment.update({ where: { id: appt.id }, data: { runId } });
  // A reschedule keeps the old visit until this moment (reschedule-visit.ts says why).
  await replacedVisits(db, { episodeId: episode.id, keepAppointmentId: appt.id });
  return {
    appointmentId: appt.id,
    text: {
      patientId: episode.patientId,
      episodeId: episode.id,
      template: "visit.confirmed",
      vars: {
        at: slot.startsAt,
        clinician: slot.clinician.name,
        address: slot.clinic.address,
        ...(slot.clinic.prepNotes ? { prep: slot.clinic.prepNotes } : {}),
      },
      purpose: "SCHEDULED",
      idempotencyKey: `${jobKeys.appointmentReminders(appt.id)}:confirmed:${input.key}`,
    },
  };
}

/** Gives a held slot back (a request expired, was rejected or cancelled). Booked slots stay. */
export async function releaseSlot(db: Db, slotId: string | null): Promise<void> {
  if (!slotId) return;
  await db.slot.updateMany({
    where: { id: slotId, status: "HELD" },
    data: { status: "FREE", holdExpiresAt: null },
  });
}
