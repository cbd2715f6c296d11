import type { ActorKind, Prisma, TaskEventKind, Tx } from "../../db/client.js";

export interface Actor {
  kind: ActorKind;
  userId?: string | null;
}

export const SYSTEM: Actor = { kind: "SYSTEM" };

/** Appends to a task's audit trail; events are never updated or deleted. */
export async function recordTaskEvent(
  tx: Tx,
  taskId: string,
  actor: Actor,
  kind: TaskEventKind,
  data: Prisma.InputJsonObject = {},
): Promise<void> {
  await tx.taskEvent.create({
    data: { taskId, actorKind: actor.kind, actorId: actor.userId ?? null, kind, data },
  });
}
