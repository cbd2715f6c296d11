import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { listName } from "../../lib/patient-name.js";

/** A staff member's in-app notices, newest first, with how many are unread. */
export async function listInbox(db: Db, opts: { userId: string; limit: number }) {
  const where = { userId: opts.userId, channel: "IN_APP" as const };
  const [unread, items] = await Promise.all([
    db.notification.count({ where: { ...where, readAt: null } }),
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: opts.limit,
      select: {
        id: true,
        kind: true,
        title: true,
        taskId: true,
        createdAt: true,
        readAt: true,
        task: { select: { patient: { select: { firstName: true, lastName: true } } } },
      },
    }),
  ]);
  return {
    unread,
    items: items.map(({ task, ...n }) => ({ ...n, patientName: task ? listName(task.patient) : null })),
    serverNow: now(),
  };
}

/** Marks the named notices (or all) read; only the owner's own, and only once. */
export async function markInboxRead(db: Db, opts: { userId: string; ids?: string[] }) {
  const res = await db.notification.updateMany({
    where: {
      userId: opts.userId,
      channel: "IN_APP",
      readAt: null,
      ...(opts.ids ? { id: { in: opts.ids } } : {}),
    },
    data: { readAt: now() },
  });
  return { marked: res.count };
}
