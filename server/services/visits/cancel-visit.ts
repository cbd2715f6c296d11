import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";

const OPEN_APPOINTMENT = ["SCHEDULED", "CONFIRMED"] as const;
const OPEN_REQUEST = ["PENDING", "CHANGE_PROPOSED"] as const;

/** Where a cancelled visit's slot goes: back to FREE (the patient's cancel) or CANCELED (the clinic's). */
export type SlotAfterCancel = "FREE" | "CANCELED";

type Deps = { db: Db; jobs: Pick<JobStarter, "resumeVisitRequest"> };

/**
 * Cancels one booked appointment and gives its slot back. Its `appointment.reminders` run sees
 * CANCELED when it wakes and sends nothing more. Returns false when it was no longer open.
 */
export async function cancelAppointment(db: Db, appointmentId: string, slotTo: SlotAfterCancel) {
  return db.$transaction(async (tx) => {
    const done = await tx.appointment.updateMany({
      where: { id: appointmentId, status: { in: [...OPEN_APPOINTMENT] } },
      data: { status: "CANCELED" },
    });
    if (done.count !== 1) return false;
    const appt = await tx.appointment.findUniqueOrThrow({
      where: { id: appointmentId },
      select: { slotId: true },
    });
    if (appt.slotId)
      await tx.slot.updateMany({
        where: { id: appt.slotId, status: "BOOKED" },
        data: { status: slotTo, holdExpiresAt: null },
      });
    return true;
  });
}

/**
 * Cancels a visit request still waiting for staff or the patient, releases what it holds and wakes
 * its `visit.request` run (which completes as CANCELED). Returns false when it was already decided.
 */
export async function cancelRequest(deps: Deps, requestId: string, slotTo: SlotAfterCancel) {
  const req = await deps.db.$transaction(async (tx) => {
    const done = await tx.visitRequest.updateMany({
      where: { id: requestId, status: { in: [...OPEN_REQUEST] } },
      data: { status: "CANCELED" },
    });
    if (done.count !== 1) return null;
    const row = await tx.visitRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: { slotId: true, proposedSlotId: true, waitTokenId: true },
    });
    const held = [row.slotId, row.proposedSlotId].filter((x): x is string => !!x);
    await tx.slot.updateMany({
      where: { id: { in: held }, status: "HELD" },
      data: { status: slotTo, holdExpiresAt: null },
    });
    return row;
  });
  if (!req) return false;
  if (req.waitTokenId) await deps.jobs.resumeVisitRequest(req.waitTokenId);
  return true;
}

/** The episode's booked (future) appointments and waiting requests, soonest first. */
export async function openVisitsOf(db: Db, where: { patientId: string } | { episodeId: string }) {
  const [appointments, requests] = await Promise.all([
    db.appointment.findMany({
      where: {
        ...where,
        status: { in: [...OPEN_APPOINTMENT] },
        scheduledAt: { gt: now() },
        episode: { status: "ACTIVE" },
      },
      orderBy: { scheduledAt: "asc" },
      select: { id: true, episodeId: true, scheduledAt: true },
    }),
    db.visitRequest.findMany({
      where: { ...where, status: { in: [...OPEN_REQUEST] }, episode: { status: "ACTIVE" } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        episodeId: true,
        slot: { select: { startsAt: true } },
        proposedSlot: { select: { startsAt: true } },
      },
    }),
  ]);
  return { appointments, requests };
}

/**
 * The patient texted "C" / "cancel my appointment": every booked or requested visit of the active
 * episode is cancelled and its slot freed, open offers lapse, the patient is told how to pick a new
 * time, and a ROUTINE task asks a nurse to call (no visit within 7 or 14 days loses TCM and, more
 * importantly, the check that keeps patients out of hospital). Null when nothing was booked.
 */
export async function patientCancelsVisit(
  deps: { db: Db; jobs: JobStarter },
  input: { patientId: string; messageId: string },
): Promise<{ reply: SendInput; taskId: string } | null> {
  const { db } = deps;
  const open = await openVisitsOf(db, { patientId: input.patientId });
  const times: Date[] = [];
  let episodeId: string | null = null;
  for (const a of open.appointments) {
    if (await cancelAppointment(db, a.id, "FREE")) {
      times.push(a.scheduledAt);
      episodeId = a.episodeId;
    }
  }
  for (const r of open.requests) {
    if (await cancelRequest(deps, r.id, "FREE")) {
      const at = r.slot?.startsAt ?? r.proposedSlot?.startsAt;
      if (at) times.push(at);
      episodeId = r.episodeId;
    }
  }
  if (!episodeId) return null;
  await db.visitOffer.updateMany({
    where: { patientId: input.patientId, status: "OPEN" },
    data: { status: "SUPERSEDED" },
  });
  const task = await raiseEscalation(deps, {
    patientId: input.patientId,
    episodeId,
    severity: "ROUTINE",
    reasonCode: "FOLLOWUP_NOT_SCHEDULED",
    action:
      "The patient cancelled their follow-up visit by text: call to rebook (the visit window is a TCM risk)",
    evidence: { cause: "PATIENT_CANCELED", messageId: input.messageId, canceled: times.length },
  });
  const at = times.sort((a, b) => a.getTime() - b.getTime())[0] ?? now();
  return {
    taskId: task.taskId,
    reply: {
      patientId: input.patientId,
      episodeId,
      template: "visit.canceled",
      vars: { at },
      purpose: "REPLY",
      idempotencyKey: `visit-cancel:${input.messageId}`,
    },
  };
}

/** The episode's booked visit or waiting request, if any (whether the console offers "Book visit"). */
export async function episodeVisit(db: Db, episodeId: string) {
  const open = await openVisitsOf(db, { episodeId });
  const appt = open.appointments[0];
  return {
    booked: appt ? { appointmentId: appt.id, at: appt.scheduledAt } : null,
    requested: open.requests.length > 0,
  };
}
