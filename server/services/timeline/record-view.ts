import type { AuditAction, Db } from "../../db/client.js";
import { wallClockNow } from "../../lib/clock.js";

/** A repeat view by the same person within this window is the same look (live views poll). */
export const VIEW_DEDUPE_MS = 10 * 60 * 1000;

/**
 * Records who looked at a patient's record. Open screens refresh every few seconds; one row per
 * person, record and action per window keeps the "who viewed" trail readable without losing anyone.
 */
export async function recordView(
  db: Db,
  opts: { userId: string; patientId?: string | null; action: AuditAction },
): Promise<void> {
  // An audit row records when someone really looked, not the demo clock's time.
  const at = wallClockNow();
  const recent = await db.auditLog.findFirst({
    where: {
      userId: opts.userId,
      patientId: opts.patientId ?? null,
      action: opts.action,
      createdAt: { gt: new Date(at.getTime() - VIEW_DEDUPE_MS) },
    },
    select: { id: true },
  });
  if (recent) return;
  await db.auditLog.create({
    data: { userId: opts.userId, patientId: opts.patientId ?? null, action: opts.action, createdAt: at },
  });
}
