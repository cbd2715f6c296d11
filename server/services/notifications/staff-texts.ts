import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { type SmsService, sendStaffText } from "../../sms/index.js";

export interface StaffTextReport {
  sent: number;
  failed: number;
  /** Left for a later pass (provider busy or unreachable). */
  retry: number;
}

/**
 * Delivers pending SMS notices (recorded by notifyStaff) to each staff member's phone. Each row is
 * claimed (PENDING -> SENDING) before the provider call, so concurrent passes or a re-executed task
 * send it once. A row stuck SENDING past the transport's in-flight lease (a lost answer, a crash
 * mid-call) is taken up again by a later pass, which first adopts the text if the provider has it.
 */
export async function deliverStaffTexts(
  db: Db,
  sms: Pick<SmsService, "transport" | "config">,
  opts: { taskId?: string; limit?: number } = {},
): Promise<StaffTextReport> {
  const staleBefore = new Date(now().getTime() - sms.transport.inFlightLeaseMs);
  const rows = await db.notification.findMany({
    where: {
      channel: "SMS",
      ...(opts.taskId ? { taskId: opts.taskId } : {}),
      OR: [{ status: "PENDING" }, { status: "SENDING", updatedAt: { lt: staleBefore } }],
    },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 50,
    select: {
      id: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      title: true,
      taskId: true,
      user: { select: { phone: true, active: true } },
    },
  });
  const report: StaffTextReport = { sent: 0, failed: 0, retry: 0 };
  for (const row of rows) {
    const claimed = await db.notification.updateMany({
      where: { id: row.id, status: row.status, updatedAt: row.updatedAt },
      data: { status: "SENDING" },
    });
    if (claimed.count === 0) continue;
    const outcome = row.user.active
      ? await sendStaffText(sms, {
          id: row.id,
          phone: row.user.phone,
          body: pageBody(row, sms.config),
          retryOf:
            row.status === "SENDING"
              ? {
                  since: row.createdAt,
                  isOwned: async (sid) => (await db.notification.count({ where: { providerSid: sid } })) > 0,
                }
              : undefined,
        })
      : ({ kind: "FAILED", reason: "INACTIVE" } as const);
    if (outcome.kind === "SENT") {
      report.sent++;
      await db.notification.update({
        where: { id: row.id },
        data: { status: "SENT", providerSid: outcome.providerSid },
      });
    } else if (outcome.kind === "FAILED") {
      report.failed++;
      await db.notification.update({
        where: { id: row.id },
        data: { status: "FAILED", failReason: outcome.reason },
      });
    } else {
      report.retry++;
      // Outcome unknown: leave it SENDING, so only the lease expiry (not the next pass) retries it.
      if (!outcome.outcomeUnknown)
        await db.notification.update({ where: { id: row.id }, data: { status: "PENDING" } });
    }
  }
  return report;
}

/** The page itself: what happened (no patient data) and where to look. */
function pageBody(
  row: { title: string; taskId: string | null },
  config: Pick<SmsService["config"], "publicBaseUrl">,
): string {
  const where =
    config.publicBaseUrl && row.taskId ? `${config.publicBaseUrl}/tasks/${row.taskId}` : "Sequora";
  return `Sequora: ${row.title}. Open ${where}`;
}
