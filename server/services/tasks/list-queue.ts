import type { Db, Prisma } from "../../db/client.js";
import type { QueueFilters } from "../../domain/index.js";
import { now } from "../../lib/clock.js";
import { listName } from "../../lib/patient-name.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function listQueue(db: Db, opts: { userId: string; filters: QueueFilters }) {
  const { filters } = opts;
  const at = now();
  const episodeWhere: Prisma.EpisodeWhereInput = {};
  if (filters.protocol?.length) episodeWhere.protocol = { in: filters.protocol };
  // Episode day d means discharged between (d) and (d-1) days ago.
  if (filters.episodeDay?.min !== undefined || filters.episodeDay?.max !== undefined) {
    const range: Prisma.DateTimeFilter = {};
    if (filters.episodeDay.max !== undefined)
      range.gt = new Date(at.getTime() - filters.episodeDay.max * DAY_MS);
    if (filters.episodeDay.min !== undefined)
      range.lte = new Date(at.getTime() - (filters.episodeDay.min - 1) * DAY_MS);
    episodeWhere.dischargedAt = range;
  }
  const where: Prisma.EscalationTaskWhereInput = {
    status: { in: ["OPEN", "IN_PROGRESS"] },
    ...(filters.scope === "mine" ? { assigneeId: opts.userId } : {}),
    ...(filters.scope === "unassigned" ? { assigneeId: null } : {}),
    ...(filters.priority?.length ? { priority: { in: filters.priority } } : {}),
    ...(filters.severity?.length ? { severity: { in: filters.severity } } : {}),
    ...(filters.reason?.length ? { reasonCodes: { hasSome: filters.reason } } : {}),
    ...(Object.keys(episodeWhere).length ? { episode: episodeWhere } : {}),
  };
  const rows = await db.escalationTask.findMany({
    where,
    orderBy: [{ slaDueAt: "asc" }, { createdAt: "asc" }],
    take: filters.limit,
    select: {
      id: true,
      severity: true,
      priority: true,
      primaryReason: true,
      reasonCodes: true,
      suggestedAction: true,
      status: true,
      slaDueAt: true,
      slaWarnAt: true,
      slaBreachedAt: true,
      createdAt: true,
      version: true,
      assignee: { select: { id: true, name: true } },
      patient: { select: { id: true, firstName: true, lastName: true, preferredLanguage: true } },
      episode: { select: { id: true, protocol: true, dischargedAt: true } },
    },
  });
  return {
    serverNow: at,
    tasks: rows.map((row) => ({
      ...row,
      patient: {
        id: row.patient.id,
        displayName: listName(row.patient),
        language: row.patient.preferredLanguage,
      },
      episodeDay: row.episode
        ? Math.floor((at.getTime() - row.episode.dischargedAt.getTime()) / DAY_MS) + 1
        : null,
    })),
  };
}
