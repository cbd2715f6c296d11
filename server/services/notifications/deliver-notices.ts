import type { Db } from "../../db/client.js";
import type { EmailTransport } from "../../email/index.js";
import type { SmsService } from "../../sms/index.js";
import { deliverStaffEmails } from "./staff-emails.js";
import { deliverStaffTexts } from "./staff-texts.js";

export interface NoticeTransports {
  sms?: Pick<SmsService, "transport" | "config">;
  email?: EmailTransport;
}

/**
 * Sends what notifyStaff recorded for the SMS and e-mail channels: a task's pages (or all pending
 * ones) and the pending e-mails. A channel without a transport here is left pending for the hourly
 * integrity run, which sends whatever is left.
 */
export async function deliverNotices(
  db: Db,
  transports: NoticeTransports,
  opts: { taskId?: string; limit?: number } = {},
) {
  const texts = transports.sms ? await deliverStaffTexts(db, transports.sms, opts) : null;
  const emails = transports.email
    ? await deliverStaffEmails(db, transports.email, { limit: opts.limit })
    : null;
  return { texts, emails };
}
