import { type Db, isUniqueViolation } from "../../db/client.js";
import { logger } from "../../lib/logger.js";
import type { AlertKey, Finding } from "./checks.js";
import { type AlertChannels, type AlertView, announceRaised, announceResolved } from "./notify.js";

const VIEW = {
  id: true,
  key: true,
  severity: true,
  title: true,
  detail: true,
  value: true,
  threshold: true,
  openedAt: true,
  resolvedAt: true,
  webhookResult: true,
} as const;

export interface AlertChanges {
  raised: string[];
  stillOpen: string[];
  resolved: string[];
}

/**
 * Raises each finding once (one open row per key, `openKey` unique), refreshes alerts that still
 * hold, and resolves open alerts whose check ran and found nothing. Keys not checked this round
 * (the engine checks without an engine) are left as they are.
 */
export async function applyFindings(
  db: Db,
  channels: AlertChannels,
  findings: Finding[],
  checked: AlertKey[],
  at: Date,
): Promise<AlertChanges> {
  const changes: AlertChanges = { raised: [], stillOpen: [], resolved: [] };
  for (const f of findings) {
    const open = await db.systemAlert.findUnique({ where: { openKey: f.key }, select: VIEW });
    if (open) {
      await db.systemAlert.update({
        where: { id: open.id },
        data: { lastSeenAt: at, value: f.value, detail: f.detail, severity: f.severity },
      });
      // A round that crashed between raising and telling anyone: tell them now (idempotent keys).
      if (open.webhookResult === null) await announce(db, channels, open);
      changes.stillOpen.push(f.key);
      continue;
    }
    let created: AlertView | null = null;
    try {
      created = await db.systemAlert.create({
        data: { key: f.key, openKey: f.key, ...fields(f), openedAt: at, lastSeenAt: at },
        select: VIEW,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      continue; // another round raised it at the same moment: that round announces it
    }
    logger.warn("system alert raised", { alertId: created.id, key: f.key, severity: f.severity });
    await announce(db, channels, created);
    changes.raised.push(f.key);
  }
  const holding = new Set(findings.map((f) => f.key));
  const clearing = checked.filter((k) => !holding.has(k));
  const open = await db.systemAlert.findMany({ where: { openKey: { in: clearing } }, select: VIEW });
  for (const alert of open) {
    const done = await db.systemAlert.updateMany({
      where: { id: alert.id, openKey: { not: null } },
      data: { openKey: null, resolvedAt: at },
    });
    if (done.count === 0) continue;
    logger.info("system alert resolved", { alertId: alert.id, key: alert.key });
    await announceResolved(db, channels, { ...alert, resolvedAt: at });
    changes.resolved.push(alert.key);
  }
  return changes;
}

function fields(f: Finding) {
  return { severity: f.severity, title: f.title, detail: f.detail, value: f.value, threshold: f.threshold };
}

async function announce(db: Db, channels: AlertChannels, alert: AlertView): Promise<void> {
  const webhookResult = await announceRaised(db, channels, alert);
  await db.systemAlert.update({ where: { id: alert.id }, data: { webhookResult } });
}
