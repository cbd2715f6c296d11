import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { AppError, notFound } from "../../lib/errors.js";
import { recordTaskEvent } from "./task-events.js";

/**
 * Claim policy (what a charge nurse expects): a nurse may claim a task that is unassigned or
 * routed to her. A task routed to a colleague who has not started it is refused, unless its SLA
 * has breached with no contact documented (then whoever is free may pick it up: the patient
 * matters more than the routing). Supervisors and admins may claim any task not yet started.
 * A task someone has claimed (in progress) is never taken by a claim; a supervisor reassigns it.
 */
export async function claimTask(db: Db, opts: { taskId: string; userId: string; isSupervisor?: boolean }) {
  return db.$transaction(async (tx) => {
    const current = await tx.escalationTask.findUnique({
      where: { id: opts.taskId },
      select: {
        status: true,
        assigneeId: true,
        version: true,
        slaBreachedAt: true,
        firstContactAt: true,
        assignee: { select: { name: true } },
      },
    });
    if (!current) throw notFound("Task");
    const mine = current.assigneeId === opts.userId;
    if (current.status === "IN_PROGRESS" && mine) return { claimed: true as const };
    if (current.status !== "OPEN" && current.status !== "IN_PROGRESS") {
      throw new AppError("CONFLICT", `This task is ${current.status.toLowerCase()} and cannot be claimed`);
    }
    const breachedUntouched = current.slaBreachedAt !== null && current.firstContactAt === null;
    const heldBy = current.assignee?.name ?? "another nurse";
    if (current.status === "IN_PROGRESS") {
      throw new AppError("CONFLICT", `Already claimed by ${heldBy}`, { claimedBy: heldBy });
    }
    if (current.assigneeId && !mine && !breachedUntouched && !opts.isSupervisor) {
      throw new AppError(
        "CONFLICT",
        `Assigned to ${heldBy}; ask a supervisor to reassign it (anyone may take it once its SLA has breached)`,
        { assignedTo: heldBy },
      );
    }
    const at = now();
    // The version check makes the claim atomic: of two nurses clicking at once exactly one wins.
    const won = await tx.escalationTask.updateMany({
      where: { id: opts.taskId, version: current.version },
      data: {
        status: "IN_PROGRESS",
        assigneeId: opts.userId,
        claimedAt: at,
        assignedAt: at,
        version: { increment: 1 },
      },
    });
    if (won.count === 1) {
      const from = current.assigneeId && !mine ? { from: current.assigneeId } : {};
      await recordTaskEvent(tx, opts.taskId, { kind: "USER", userId: opts.userId }, "CLAIMED", from);
      return { claimed: true as const };
    }
    const after = await tx.escalationTask.findUnique({
      where: { id: opts.taskId },
      select: { assigneeId: true, assignee: { select: { name: true } } },
    });
    if (after?.assigneeId === opts.userId) return { claimed: true as const };
    const winner = after?.assignee?.name ?? "another nurse";
    throw new AppError("CONFLICT", `Already claimed by ${winner}`, { claimedBy: winner });
  });
}
