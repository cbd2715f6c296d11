import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { notFound } from "../../lib/errors.js";
import { recordView } from "../timeline/record-view.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One task with its audit trail, for the detail view. Reading it is itself audited (VIEW_TASK):
 * who looked at a patient's record is part of the record. Viewing never touches the SLA clock.
 */
export async function getTask(db: Db, opts: { taskId: string; viewerId: string }) {
  const task = await db.escalationTask.findUnique({
    where: { id: opts.taskId },
    select: {
      id: true,
      severity: true,
      priority: true,
      status: true,
      primaryReason: true,
      reasonCodes: true,
      suggestedAction: true,
      slaWarnAt: true,
      slaDueAt: true,
      slaWarnedAt: true,
      slaBreachedAt: true,
      slaEscalatedAt: true,
      escalationLevel: true,
      firstContactAt: true,
      claimedAt: true,
      resolvedAt: true,
      disposition: true,
      monitorRunId: true,
      version: true,
      createdAt: true,
      assignee: { select: { id: true, name: true } },
      patient: {
        select: {
          id: true,
          firstName: true,
          lastName: true,
          mrn: true,
          phone: true,
          preferredLanguage: true,
          timeZone: true,
          consentStatus: true,
          optedOut: true,
          phoneStatus: true,
        },
      },
      episode: {
        select: { id: true, protocol: true, protocolVersion: true, dischargedAt: true, status: true },
      },
      events: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          kind: true,
          actorKind: true,
          data: true,
          createdAt: true,
          actor: { select: { name: true } },
        },
      },
    },
  });
  if (!task) throw notFound("Task");
  await recordView(db, { userId: opts.viewerId, patientId: task.patient.id, action: "VIEW_TASK" });
  const at = now();
  return {
    serverNow: at,
    task: {
      ...task,
      episodeDay: task.episode
        ? Math.floor((at.getTime() - task.episode.dischargedAt.getTime()) / DAY_MS) + 1
        : null,
      events: task.events.map((e) => ({
        id: e.id,
        kind: e.kind,
        actorKind: e.actorKind,
        actorName: e.actor?.name ?? null,
        data: (e.data ?? {}) as Record<string, unknown>,
        createdAt: e.createdAt,
      })),
    },
  };
}

/** Staff a task can be handed to: active clinical users, with their open load. */
export async function listAssignees(db: Db) {
  const users = await db.user.findMany({
    where: { active: true, role: { in: ["NURSE", "SUPERVISOR"] } },
    orderBy: [{ role: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      role: true,
      languages: true,
      capacity: true,
      _count: { select: { assignedTasks: { where: { status: { in: ["OPEN", "IN_PROGRESS"] } } } } },
    },
  });
  return users.map(({ _count, ...u }) => ({ ...u, openTasks: _count.assignedTasks }));
}
