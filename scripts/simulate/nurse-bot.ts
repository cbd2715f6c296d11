// The simulation's nurses. Nine tasks in ten are worked the round they appear (contact documented,
// resolved); the tenth waits an hour, and again an hour with the same odds, as on a busy shift, so
// some SLAs are breached. Each task's time to be worked is fixed when it is first seen, so the
// simulation can jump straight to it instead of stepping hour by hour while tasks are open.
import type { Db } from "../../server/db/client.js";
import { nurseWorksTask } from "../../server/demo/flows.js";
import { rand } from "../../server/demo/personas.js";
import { forEachLimit } from "./parallel.js";

const HOUR = 3_600_000;

export function createSimNurseBot(opts: { db: Db; parallel: number }) {
  // Open task id -> when it is worked (virtual ms).
  const due = new Map<string, number>();
  let fallback: string | undefined;
  const workAt = (taskId: string, seenAt: number) => {
    let k = 0;
    while (k < 6 && rand(`${taskId}:${k}`) < 0.1) k++;
    return seenAt + k * HOUR;
  };
  return {
    async workQueue(now: Date): Promise<number> {
      const open = await opts.db.escalationTask.findMany({
        where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
        select: { id: true, assigneeId: true },
        take: 10_000,
      });
      fallback ??= (
        await opts.db.user.findFirst({ where: { role: "NURSE", active: true }, select: { id: true } })
      )?.id;
      const stillOpen = new Set(open.map((t) => t.id));
      for (const id of due.keys()) if (!stillOpen.has(id)) due.delete(id);
      for (const t of open) if (!due.has(t.id)) due.set(t.id, workAt(t.id, now.getTime()));
      const ready = open.filter((t) => due.get(t.id)! <= now.getTime());
      let worked = 0;
      await forEachLimit(ready, opts.parallel, async (task) => {
        const nurseId = task.assigneeId ?? fallback;
        if (!nurseId) return;
        await nurseWorksTask(opts.db, task.id, nurseId);
        due.delete(task.id);
        worked++;
      });
      return worked;
    },
    /** The next moment a waiting task is worked (the simulation stops the clock there). */
    nextWork(): number {
      let next = Number.POSITIVE_INFINITY;
      for (const at of due.values()) next = Math.min(next, at);
      return next;
    },
  };
}
