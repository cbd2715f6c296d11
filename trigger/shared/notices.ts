import { deliverStaffEmails } from "../../server/services/notifications/staff-emails.js";
import { deliverStaffTexts } from "../../server/services/notifications/staff-texts.js";
import type { TaskServices } from "./runtime.js";

/**
 * Sends what notifyStaff recorded for the SMS and e-mail channels: a task's pages (or all pending
 * ones) and the pending e-mails. Steps that notify call it right after; the hourly integrity run
 * sends whatever is left.
 */
export async function deliverNotices(services: TaskServices, opts: { taskId?: string; limit?: number } = {}) {
  const texts = await deliverStaffTexts(services.db, services.sms, opts);
  const emails = await deliverStaffEmails(services.db, services.email, { limit: opts.limit });
  return { texts, emails };
}
