import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";

const HOUR = 3_600_000;
/** How long a patient has to answer staff's proposed time. */
export const PROPOSAL_HOURS = 24;

type Deps = { db: Db; jobs: Pick<JobStarter, "resumeVisitRequest"> };

async function wake(deps: Deps, requestId: string) {
  const req = await deps.db.visitRequest.findUnique({
    where: { id: requestId },
    select: { waitTokenId: true },
  });
  if (req?.waitTokenId) await deps.jobs.resumeVisitRequest(req.waitTokenId);
}

async function decide(
  deps: Deps,
  input: { requestId: string; userId: string },
  data: { status: "APPROVED" | "REJECTED"; reason?: string },
) {
  const res = await deps.db.visitRequest.updateMany({
    where: { id: input.requestId, status: "PENDING", dueAt: { gt: now() } },
    data: { ...data, decidedById: input.userId, decidedAt: now() },
  });
  if (res.count !== 1) {
    const exists = await deps.db.visitRequest.count({ where: { id: input.requestId } });
    if (!exists) throw notFound("Visit request");
    throw new AppError("CONFLICT", "This request was already decided or has expired");
  }
  await wake(deps, input.requestId);
  return { ok: true as const };
}

/** Staff approve: the request's run books the slot and texts the confirmation. */
export const approveRequest = (deps: Deps, input: { requestId: string; userId: string }) =>
  decide(deps, input, { status: "APPROVED" });

/** Staff reject with a reason (kept for the record, never texted): the patient is offered new times. */
export const rejectRequest = (deps: Deps, input: { requestId: string; userId: string; reason: string }) =>
  decide(deps, input, { status: "REJECTED", reason: input.reason });

/**
 * Staff approve with a change: another free time (or clinician). The new slot is held for the
 * patient's answer (YES books it, 0 or silence for a day releases it); the first pick is released.
 */
export async function proposeChange(
  deps: Deps,
  input: { requestId: string; userId: string; slotId: string },
) {
  const dueAt = new Date(now().getTime() + PROPOSAL_HOURS * HOUR);
  await deps.db.$transaction(async (tx) => {
    const req = await tx.visitRequest.findUnique({
      where: { id: input.requestId },
      select: { status: true, slotId: true, dueAt: true },
    });
    if (!req) throw notFound("Visit request");
    if (req.status !== "PENDING" || req.dueAt <= now())
      throw new AppError("CONFLICT", "This request was already decided or has expired");
    const held = await tx.slot.updateMany({
      where: { id: input.slotId, status: "FREE", startsAt: { gt: now() } },
      data: { status: "HELD", holdExpiresAt: dueAt },
    });
    if (held.count !== 1) throw new AppError("CONFLICT", "That time is no longer free");
    if (req.slotId)
      await tx.slot.updateMany({
        where: { id: req.slotId, status: "HELD" },
        data: { status: "FREE", holdExpiresAt: null },
      });
    await tx.visitRequest.update({
      where: { id: input.requestId },
      data: {
        status: "CHANGE_PROPOSED",
        proposedSlotId: input.slotId,
        slotId: null,
        dueAt,
        decidedById: input.userId,
        decidedAt: now(),
      },
    });
  });
  await wake(deps, input.requestId);
  return { ok: true as const };
}

/** The patient answered a proposed time: YES books it, 0 asks for other times. */
export async function answerProposal(deps: Deps, input: { patientId: string; accept: boolean }) {
  const req = await deps.db.visitRequest.findFirst({
    where: { patientId: input.patientId, status: "CHANGE_PROPOSED", dueAt: { gt: now() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, proposedSlotId: true },
  });
  if (!req) return null;
  const res = await deps.db.visitRequest.updateMany({
    where: { id: req.id, status: "CHANGE_PROPOSED" },
    data: input.accept
      ? { status: "APPROVED", slotId: req.proposedSlotId, proposedSlotId: null }
      : { status: "REJECTED", reason: "PATIENT_DECLINED" },
  });
  if (res.count !== 1) return null;
  await wake(deps, req.id);
  return req.id;
}

/** Requests waiting for staff, soonest deadline first (the nurse's list). */
export function listOpenRequests(db: Db) {
  return db.visitRequest.findMany({
    where: { status: { in: ["PENDING", "CHANGE_PROPOSED"] } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      status: true,
      dueAt: true,
      createdAt: true,
      patient: { select: { id: true, firstName: true, lastName: true, preferredLanguage: true } },
      episode: { select: { id: true, protocol: true, dischargedAt: true } },
      slot: {
        select: {
          id: true,
          startsAt: true,
          clinician: { select: { id: true, name: true } },
          clinic: { select: { id: true, name: true, timeZone: true } },
        },
      },
      proposedSlot: { select: { id: true, startsAt: true, clinician: { select: { id: true, name: true } } } },
    },
  });
}
