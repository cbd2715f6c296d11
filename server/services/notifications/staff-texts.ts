import type { Db } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { type SmsService, sendStaffText } from "../../sms/index.js";
import { claimArgs, type DeliveryReport, deliverableWhere, deliverClaimed, outcomeData } from "./deliver.js";

/**
 * Delivers pending SMS notices (recorded by notifyStaff) to each staff member's phone, once. A row
 * taken up again after the in-flight lease (a lost answer, a crash mid-call) first adopts the text
 * if the provider already has it.
 */
export async function deliverStaffTexts(
  db: Db,
  sms: Pick<SmsService, "transport" | "config">,
  opts: { taskId?: string; limit?: number } = {},
): Promise<DeliveryReport> {
  const rows = await db.notification.findMany({
    where: {
      channel: "SMS",
      ...(opts.taskId ? { taskId: opts.taskId } : {}),
      ...deliverableWhere(sms.transport.inFlightLeaseMs, now()),
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
  return deliverClaimed(rows, {
    claim: async (row) => (await db.notification.updateMany(claimArgs(row))).count === 1,
    send: async (row) => {
      if (!row.user.active) return { kind: "FAILED", reason: "INACTIVE" };
      return sendStaffText(sms, {
        id: row.id,
        phone: row.user.phone,
        body: pageBody(row, sms.config),
        retryOf:
          row.status === "SENDING"
            ? {
                since: row.createdAt,
                isOwned: async (sid) => (await db.notification.count({ where: { providerId: sid } })) > 0,
              }
            : undefined,
      });
    },
    record: async (row, outcome) => {
      await db.notification.update({ where: { id: row.id }, data: outcomeData(outcome) });
    },
  });
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
