import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { listName } from "../../lib/patient-name.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN = ["OPEN", "IN_PROGRESS"] as const;

export type Lane = "ON_TRACK" | "WARNING" | "BREACHED";

/** A task is in the warning window from slaWarnAt until slaDueAt, breached from slaDueAt on. */
export function laneOf(task: { slaWarnAt: Date; slaDueAt: Date }, at: Date): Lane {
  if (task.slaDueAt.getTime() <= at.getTime()) return "BREACHED";
  if (task.slaWarnAt.getTime() <= at.getTime()) return "WARNING";
  return "ON_TRACK";
}

/** The live part of the supervisor board: open tasks by lane, nurse load and the on-call roster. */
export async function getSlaBoard(db: Db, opts: { limit: number }) {
  const at = now();
  const [tasks, staff, shifts] = await Promise.all([
    db.escalationTask.findMany({
      where: { status: { in: [...OPEN] } },
      orderBy: [{ slaDueAt: "asc" }, { createdAt: "asc" }],
      take: opts.limit,
      select: {
        id: true,
        severity: true,
        priority: true,
        status: true,
        primaryReason: true,
        slaWarnAt: true,
        slaDueAt: true,
        createdAt: true,
        escalationLevel: true,
        assignee: { select: { id: true, name: true } },
        patient: { select: { id: true, firstName: true, lastName: true, preferredLanguage: true } },
      },
    }),
    db.user.findMany({
      where: { active: true, role: { in: ["NURSE", "SUPERVISOR"] } },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        role: true,
        languages: true,
        capacity: true,
        assignedTasks: {
          where: { status: { in: [...OPEN] } },
          orderBy: { createdAt: "asc" },
          select: { id: true, createdAt: true, slaDueAt: true, assignedAt: true },
        },
      },
    }),
    db.onCallShift.findMany({
      where: { endsAt: { gt: at }, startsAt: { lte: new Date(at.getTime() + DAY_MS) } },
      orderBy: { startsAt: "asc" },
      select: {
        id: true,
        startsAt: true,
        endsAt: true,
        user: { select: { id: true, name: true, active: true } },
      },
    }),
  ]);
  const lanes: Record<Lane, typeof rows> = { ON_TRACK: [], WARNING: [], BREACHED: [] };
  const rows = tasks.map((t) => ({
    ...t,
    lane: laneOf(t, at),
    patient: {
      id: t.patient.id,
      displayName: listName(t.patient),
      language: t.patient.preferredLanguage,
    },
  }));
  for (const row of rows) lanes[row.lane].push(row);
  const onCallNow = new Set(shifts.filter((s) => s.startsAt <= at && s.user.active).map((s) => s.user.id));
  const load = staff.map((u) => ({
    id: u.id,
    name: u.name,
    role: u.role,
    languages: u.languages,
    capacity: u.capacity,
    open: u.assignedTasks.length,
    breached: u.assignedTasks.filter((t) => t.slaDueAt <= at).length,
    oldestCreatedAt: u.assignedTasks[0]?.createdAt ?? null,
    lastAssignedAt: latest(u.assignedTasks.map((t) => t.assignedAt)),
    onCall: onCallNow.has(u.id),
  }));
  return {
    serverNow: at,
    lanes,
    counts: {
      ON_TRACK: lanes.ON_TRACK.length,
      WARNING: lanes.WARNING.length,
      BREACHED: lanes.BREACHED.length,
    },
    load,
    roster: {
      now: shifts.filter((s) => s.startsAt <= at).map(shiftView),
      upcoming: shifts.filter((s) => s.startsAt > at).map(shiftView),
      nextUp: nextUp(load),
    },
  };
}

/**
 * Who an automatic assignment would most likely pick next: on call, under capacity, fewest open
 * tasks, then the one who waited longest since their last assignment (round-robin tiebreak).
 * Language matching happens per task, so this is the default for an English-speaking patient.
 */
export function nextUp(
  load: {
    id: string;
    name: string;
    role: string;
    open: number;
    capacity: number;
    onCall: boolean;
    lastAssignedAt: Date | null;
  }[],
): { id: string; name: string } | null {
  const candidates = load
    .filter((u) => u.role === "NURSE" && u.onCall && u.open < u.capacity)
    .sort(
      (a, b) =>
        a.open - b.open ||
        (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
        a.name.localeCompare(b.name),
    );
  const first = candidates[0];
  return first ? { id: first.id, name: first.name } : null;
}

function latest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

function shiftView(s: { id: string; startsAt: Date; endsAt: Date; user: { id: string; name: string } }) {
  return { id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, userId: s.user.id, userName: s.user.name };
}
