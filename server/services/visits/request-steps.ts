import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { jobKeys } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError } from "../../lib/errors.js";
import type { SendInput } from "../../sms/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { bookSlot, releaseSlot } from "./book-slot.js";

/**
 * The steps of `visit.request`: a patient's pick waits for staff until its business-hours deadline;
 * staff approve (booked, confirmation with the address), reject (new times offered), or propose
 * another time (the patient answers YES or 0); silence expires it (slot released, a nurse calls).
 * Every step reads the row, so a re-executed run repeats nothing: transitions are conditional
 * updates and every text is keyed.
 */
export type RequestStep =
  | { kind: "WAIT"; status: "PENDING" | "CHANGE_PROPOSED"; until: Date; text?: SendInput }
  | { kind: "DONE"; outcome: "APPROVED" | "REJECTED" | "EXPIRED" | "CANCELED" | "GONE"; texts: SendInput[] };

type Deps = { db: Db; jobs: JobStarter };

const keyOf = (requestId: string, what: string) => `${jobKeys.visitRequest(requestId)}:${what}`;

export async function nextRequestStep(deps: Deps, requestId: string): Promise<RequestStep> {
  const { db } = deps;
  let req = await db.visitRequest.findUnique({ where: { id: requestId } });
  if (!req) return { kind: "DONE", outcome: "GONE", texts: [] };
  if ((req.status === "PENDING" || req.status === "CHANGE_PROPOSED") && req.dueAt <= now()) {
    const { id, status, slotId, proposedSlotId } = req;
    // Expired and released together: nobody sees an expired request still holding its slot.
    await db.$transaction(async (tx) => {
      const expired = await tx.visitRequest.updateMany({
        where: { id, status },
        data: { status: "EXPIRED" },
      });
      if (expired.count !== 1) return;
      await tx.slot.updateMany({
        where: { id: { in: [slotId, proposedSlotId].filter((x): x is string => !!x) }, status: "HELD" },
        data: { status: "FREE", holdExpiresAt: null },
      });
    });
    req = await db.visitRequest.findUniqueOrThrow({ where: { id: requestId } });
  }
  const base = { patientId: req.patientId, episodeId: req.episodeId };
  switch (req.status) {
    case "PENDING":
      return { kind: "WAIT", status: "PENDING", until: req.dueAt };
    case "CHANGE_PROPOSED": {
      const slot = req.proposedSlotId
        ? await db.slot.findUnique({
            where: { id: req.proposedSlotId },
            select: { startsAt: true, clinician: { select: { name: true } } },
          })
        : null;
      return {
        kind: "WAIT",
        status: "CHANGE_PROPOSED",
        until: req.dueAt,
        ...(slot
          ? {
              text: {
                ...base,
                template: "visit.change",
                vars: { at: slot.startsAt, clinician: slot.clinician.name },
                purpose: "REPLY",
                idempotencyKey: keyOf(req.id, `change:${req.proposedSlotId}`),
              } satisfies SendInput,
            }
          : {}),
      };
    }
    case "EXPIRED": {
      await releaseSlot(db, req.slotId);
      await releaseSlot(db, req.proposedSlotId);
      await raiseEscalation(deps, {
        ...base,
        severity: "ROUTINE",
        reasonCode: "FOLLOWUP_NOT_SCHEDULED",
        action: "A visit request was not answered in time: call the patient to book the follow-up visit",
        evidence: { visitRequestId: req.id },
      });
      return {
        kind: "DONE",
        outcome: "EXPIRED",
        texts: [
          {
            ...base,
            template: "visit.expired",
            vars: {},
            purpose: "SCHEDULED",
            idempotencyKey: keyOf(req.id, "expired"),
          },
        ],
      };
    }
    case "REJECTED":
      await releaseSlot(db, req.slotId);
      await releaseSlot(db, req.proposedSlotId);
      // Staff's "no" is apologised for; the patient's own "0" to a proposal just gets other times.
      await deps.jobs.offerVisit({
        ...base,
        cause: req.reason === "PATIENT_DECLINED" ? "RESCHEDULE" : "REJECTED",
        key: `rejected:${req.id}`,
      });
      return { kind: "DONE", outcome: "REJECTED", texts: [] };
    case "CANCELED":
      await releaseSlot(db, req.slotId);
      await releaseSlot(db, req.proposedSlotId);
      return { kind: "DONE", outcome: "CANCELED", texts: [] };
    case "APPROVED":
      return approved(deps, req);
  }
}

async function approved(
  deps: Deps,
  req: {
    id: string;
    patientId: string;
    episodeId: string;
    slotId: string | null;
    appointmentId: string | null;
  },
): Promise<RequestStep> {
  if (req.appointmentId) {
    // Re-executed after booking: the confirmation was built then; rebuild it with the same key.
    const appt = await deps.db.appointment.findUnique({
      where: { id: req.appointmentId },
      select: {
        scheduledAt: true,
        slot: {
          select: {
            clinician: { select: { name: true } },
            clinic: { select: { address: true, prepNotes: true } },
          },
        },
      },
    });
    if (!appt?.slot) return { kind: "DONE", outcome: "APPROVED", texts: [] };
    return {
      kind: "DONE",
      outcome: "APPROVED",
      texts: [
        {
          patientId: req.patientId,
          episodeId: req.episodeId,
          template: "visit.confirmed",
          vars: {
            at: appt.scheduledAt,
            clinician: appt.slot.clinician.name,
            address: appt.slot.clinic.address,
            ...(appt.slot.clinic.prepNotes ? { prep: appt.slot.clinic.prepNotes } : {}),
          },
          purpose: "SCHEDULED",
          idempotencyKey: `${jobKeys.appointmentReminders(req.appointmentId)}:confirmed:${req.id}`,
        },
      ],
    };
  }
  if (!req.slotId) return { kind: "DONE", outcome: "GONE", texts: [] };
  try {
    const booked = await bookSlot(deps, {
      episodeId: req.episodeId,
      slotId: req.slotId,
      fromHeld: true,
      key: req.id,
    });
    await deps.db.visitRequest.updateMany({
      where: { id: req.id, appointmentId: null },
      data: { appointmentId: booked.appointmentId },
    });
    return { kind: "DONE", outcome: "APPROVED", texts: [booked.text] };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // The slot or the episode went away between approval and booking: offer again if still followed.
    await deps.jobs.offerVisit({
      patientId: req.patientId,
      episodeId: req.episodeId,
      cause: "TAKEN",
      key: `taken:${req.id}`,
    });
    return { kind: "DONE", outcome: "REJECTED", texts: [] };
  }
}

/**
 * Records the run's waitpoint token; says whether the request still waits in `status` (a decision
 * made before the token was stored would otherwise never wake the run).
 */
export async function recordRequestToken(
  db: Db,
  requestId: string,
  status: string,
  tokenId: string,
): Promise<boolean> {
  const res = await db.visitRequest.updateMany({
    where: { id: requestId, status: status as "PENDING" | "CHANGE_PROPOSED" },
    data: { waitTokenId: tokenId },
  });
  return res.count === 1;
}
