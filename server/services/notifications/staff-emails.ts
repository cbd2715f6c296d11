import type { Db } from "../../db/client.js";
import { type EmailTransport, EmailTransportError } from "../../email/index.js";
import { now } from "../../lib/clock.js";
import { claimArgs, type DeliveryReport, deliverableWhere, deliverClaimed, outcomeData } from "./deliver.js";

/**
 * Sends pending staff e-mails (the EmailMessage outbox notifyStaff writes: EMERGENT assignments and
 * breaches, re-escalations, the daily digest) through the configured transport, once each. After a
 * lost answer the resend carries the same Message-ID, so mail clients show one message.
 */
export async function deliverStaffEmails(
  db: Db,
  transport: EmailTransport,
  opts: { limit?: number } = {},
): Promise<DeliveryReport> {
  const rows = await db.emailMessage.findMany({
    where: deliverableWhere(transport.inFlightLeaseMs, now()),
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 50,
    select: { id: true, status: true, updatedAt: true, to: true, subject: true, body: true },
  });
  return deliverClaimed(rows, {
    claim: async (row) => (await db.emailMessage.updateMany(claimArgs(row))).count === 1,
    send: async (row) => {
      try {
        const providerId = await transport.send({
          id: row.id,
          to: row.to,
          subject: row.subject,
          text: row.body,
        });
        return { kind: "SENT", providerId };
      } catch (err) {
        if (!(err instanceof EmailTransportError)) throw err;
        // SMTP may have accepted a message whose answer was lost: treat retryable failures as unknown.
        return err.retryable
          ? { kind: "RETRY", outcomeUnknown: true }
          : { kind: "FAILED", reason: err.message };
      }
    },
    record: async (row, outcome) => {
      await db.emailMessage.update({ where: { id: row.id }, data: outcomeData(outcome) });
    },
  });
}
