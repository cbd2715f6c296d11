import type { ActorKind, Prisma, TaskEventKind, Tx } from "../../db/client.js";
import { wallClockNow } from "../../lib/clock.js";

export interface Actor {
  kind: ActorKind;
  userId?: string | null;
}

export const SYSTEM: Actor = { kind: "SYSTEM" };

/**
 * Appends to a task's audit trail; events are never updated or deleted. Stamped with the wall
 * clock: in a demo the virtual clock may be days ahead, and an audit trail must say when a person
 * or the system really acted (SLA times on the task itself stay on virtual time).
 */
export async function recordTaskEvent(
  tx: Tx,
  taskId: string,
  actor: Actor,
  kind: TaskEventKind,
  data: Prisma.InputJsonObject = {},
): Promise<void> {
  await tx.taskEvent.create({
    data: {
      taskId,
      actorKind: actor.kind,
      actorId: actor.userId ?? null,
      kind,
      data,
      createdAt: wallClockNow(),
    },
  });
}
