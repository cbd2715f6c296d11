import type { Db, NotificationChannel, Severity, Tx } from "../../db/client.js";

export interface StaffNotice {
  userIds: string[];
  taskId?: string;
  kind: string;
  /** Shown in the app and in e-mails: ids and codes only, never patient names or messages. */
  title: string;
  channels: NotificationChannel[];
  /** Same key => the notice is recorded (and sent) once, however often the step re-runs. */
  key: string;
}

/**
 * Staff notifications: in-app rows the SPA shows live, SMS pages (Notification rows) and e-mails
 * (EmailMessage rows), the last two sent by deliverStaffTexts / deliverStaffEmails. Idempotent per
 * key, user and channel.
 */
export async function notifyStaff(db: Db | Tx, notice: StaffNotice): Promise<number> {
  if (notice.userIds.length === 0) return 0;
  // E-mail has its own outbox row (EmailMessage) with its own delivery status.
  const rows = notice.userIds.flatMap((userId) =>
    notice.channels
      .filter((channel) => channel !== "EMAIL")
      .map((channel) => ({
        userId,
        taskId: notice.taskId ?? null,
        kind: notice.kind,
        channel,
        title: notice.title,
        status: channel === "IN_APP" ? ("SENT" as const) : ("PENDING" as const),
        idempotencyKey: `${notice.key}:${userId}:${channel}`,
      })),
  );
  const created = await db.notification.createMany({ data: rows, skipDuplicates: true });
  if (notice.channels.includes("EMAIL")) {
    const users = await db.user.findMany({
      where: { id: { in: notice.userIds } },
      select: { id: true, email: true },
    });
    await db.emailMessage.createMany({
      data: users.map((u) => ({
        userId: u.id,
        to: u.email,
        subject: notice.title,
        body: `${notice.title}\n\nOpen Sequora to see the task${notice.taskId ? ` (${notice.taskId})` : ""}.`,
        idempotencyKey: `${notice.key}:${u.id}:email`,
      })),
      skipDuplicates: true,
    });
  }
  return created.count;
}

/**
 * How a nurse is told a task is now hers, automatic or manual: in the app and paged by SMS, and
 * e-mailed too when EMERGENT (a page can be missed; an emergency must not be).
 */
export function assignmentChannels(severity: Severity): NotificationChannel[] {
  return severity === "EMERGENT" ? ["IN_APP", "SMS", "EMAIL"] : ["IN_APP", "SMS"];
}

export async function supervisorIds(db: Db): Promise<string[]> {
  const rows = await db.user.findMany({ where: { role: "SUPERVISOR", active: true }, select: { id: true } });
  return rows.map((r) => r.id);
}
