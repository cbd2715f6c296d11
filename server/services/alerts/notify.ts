import type { Db, SystemAlertSeverity } from "../../db/client.js";
import { logger } from "../../lib/logger.js";
import { notifyStaff } from "../notifications/notify.js";

export interface AlertChannels {
  /** ALERT_WEBHOOK_URL: a generic JSON POST a pager or chat tool can take. */
  webhookUrl?: string;
  webhookTimeoutMs: number;
}

export interface AlertView {
  id: string;
  key: string;
  severity: SystemAlertSeverity;
  title: string;
  detail: string;
  value: number | null;
  threshold: number | null;
  openedAt: Date;
  resolvedAt: Date | null;
}

async function adminIds(db: Db): Promise<{ id: string; email: string }[]> {
  return db.user.findMany({ where: { role: "ADMIN", active: true }, select: { id: true, email: true } });
}

/**
 * Posts the alert to the webhook. Never throws: a pager that is down must not stop the checks.
 * Returns what happened ("200", "http 503", "timeout", "error ...") for the alert's row.
 */
export async function postWebhook(
  channels: AlertChannels,
  event: "alert.raised" | "alert.resolved",
  alert: AlertView,
): Promise<string> {
  if (!channels.webhookUrl) return "none";
  try {
    const res = await fetch(channels.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source: "sequora", event, alert }),
      signal: AbortSignal.timeout(channels.webhookTimeoutMs),
      redirect: "error",
    });
    await res.body?.cancel();
    if (!res.ok) logger.warn("alert webhook refused", { alertId: alert.id, status: res.status });
    return res.ok ? String(res.status) : `http ${res.status}`;
  } catch (err) {
    const name = (err as Error).name;
    const result = name === "TimeoutError" || name === "AbortError" ? "timeout" : `error ${name}`;
    logger.warn("alert webhook failed", { alertId: alert.id, result });
    return result;
  }
}

/** A new alert: every active admin in the app and by e-mail (once per alert), then the webhook. */
export async function announceRaised(db: Db, channels: AlertChannels, alert: AlertView): Promise<string> {
  const admins = await adminIds(db);
  const title = `${alert.severity === "CRITICAL" ? "Critical" : "Warning"}: ${alert.title}`;
  await notifyStaff(db, {
    userIds: admins.map((a) => a.id),
    kind: "SYSTEM_ALERT",
    title,
    channels: ["IN_APP"],
    key: `system-alert:${alert.id}`,
  });
  await db.emailMessage.createMany({
    data: admins.map((a) => ({
      userId: a.id,
      to: a.email,
      subject: `[Sequora] ${title}`,
      body: `${title}\n\n${alert.detail}\n\nOpened ${alert.openedAt.toISOString()}. See Admin > System in Sequora.`,
      idempotencyKey: `system-alert:${alert.id}:${a.id}:email`,
    })),
    skipDuplicates: true,
  });
  return postWebhook(channels, "alert.raised", alert);
}

/** A cleared alert: in the app and to the webhook (no e-mail: the inbox and pager close the loop). */
export async function announceResolved(db: Db, channels: AlertChannels, alert: AlertView): Promise<void> {
  const admins = await adminIds(db);
  await notifyStaff(db, {
    userIds: admins.map((a) => a.id),
    kind: "SYSTEM_ALERT_RESOLVED",
    title: `Resolved: ${alert.title}`,
    channels: ["IN_APP"],
    key: `system-alert:${alert.id}:resolved`,
  });
  await postWebhook(channels, "alert.resolved", alert);
}
