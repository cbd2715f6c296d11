import type { Db, Prisma } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { notFound } from "../../lib/errors.js";
import { deliverNotices, type NoticeTransports } from "../notifications/deliver-notices.js";
import { notifyStaff, supervisorIds } from "../notifications/notify.js";
import { lastFullWeek, previousWeek, type Week, weekOf } from "./weekly-calendar.js";
import { renderWeeklyEmail, type WeeklyFigures } from "./weekly-email.js";
import { weekFigures } from "./weekly-figures.js";

export type { WeeklyFigures } from "./weekly-email.js";

/** Both weeks' figures: the summarised week and the one before it, for the deltas. */
export async function computeWeeklyFigures(db: Db, week: Week, timeZone: string): Promise<WeeklyFigures> {
  const before = previousWeek(week, timeZone);
  const [current, previous] = await Promise.all([
    weekFigures(db, { from: week.start, to: week.end }),
    weekFigures(db, { from: before.start, to: before.end }),
  ]);
  return { week: week.week, timeZone, current, previous };
}

function summaryLink(week: string): string | null {
  const base = process.env.PUBLIC_BASE_URL?.trim();
  return base ? `${base.replace(/\/$/, "")}/reports/weekly/${week}` : null;
}

/** Queues summary e-mail number `n` for one recipient; the key makes a re-run queue it once. */
async function queueEmail(
  tx: Prisma.TransactionClient,
  row: { week: string; recipientId: string; figures: unknown },
  n: number,
) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: row.recipientId }, select: { email: true } });
  const { subject, text } = renderWeeklyEmail(row.figures as WeeklyFigures, summaryLink(row.week));
  await tx.emailMessage.createMany({
    data: [
      {
        userId: row.recipientId,
        to: user.email,
        subject,
        body: text,
        idempotencyKey: `weekly:${row.week}:${row.recipientId}:${n}`,
      },
    ],
    skipDuplicates: true,
  });
  await tx.weeklySummary.updateMany({
    where: { week: row.week, recipientId: row.recipientId, sendCount: n - 1 },
    data: { sendCount: n, lastSentAt: now() },
  });
}

/**
 * Monday's job: the summary of the last full week for every active supervisor, stored and queued
 * by e-mail once per week and supervisor, however often it runs. A supervisor added later in the
 * week gets the same week on the next run.
 */
export async function produceWeeklySummaries(db: Db, at: Date, timeZone: string) {
  const week = lastFullWeek(at, timeZone);
  const recipients = await supervisorIds(db);
  const existing = await db.weeklySummary.findMany({
    where: { week: week.week },
    select: { recipientId: true, figures: true },
  });
  const missing = recipients.filter((id) => !existing.some((e) => e.recipientId === id));
  let created = 0;
  if (missing.length > 0) {
    // Figures already stored for the week are reused, so every copy of a week says the same.
    const figures =
      (existing[0]?.figures as WeeklyFigures | undefined) ?? (await computeWeeklyFigures(db, week, timeZone));
    const res = await db.weeklySummary.createMany({
      data: missing.map((recipientId) => ({
        week: week.week,
        weekStart: week.start,
        weekEnd: week.end,
        recipientId,
        figures: figures as unknown as Prisma.InputJsonValue,
      })),
      skipDuplicates: true,
    });
    created = res.count;
  }
  const unsent = await db.weeklySummary.findMany({
    where: { week: week.week, sendCount: 0 },
    select: { week: true, recipientId: true, figures: true },
  });
  for (const row of unsent) await db.$transaction((tx) => queueEmail(tx, row, 1));
  if (unsent.length > 0) {
    await notifyStaff(db, {
      userIds: unsent.map((r) => r.recipientId),
      kind: "WEEKLY_SUMMARY",
      title: `Weekly summary for the week of ${week.week} is ready`,
      channels: ["IN_APP"],
      key: `weekly:${week.week}`,
    });
  }
  return { week: week.week, created, emailed: unsent.length };
}

/** An admin sends one supervisor's stored summary again (the same figures), at once when possible. */
export async function resendWeeklySummary(
  deps: { db: Db } & NoticeTransports,
  input: { week: string; recipientId: string },
) {
  const row = await deps.db.weeklySummary.findUnique({
    where: { week_recipientId: input },
    select: { week: true, recipientId: true, figures: true, sendCount: true },
  });
  if (!row) throw notFound("Weekly summary");
  await deps.db.$transaction((tx) => queueEmail(tx, row, row.sendCount + 1));
  // Without a transport here the hourly integrity run sends it.
  if (deps.email) await deliverNotices(deps.db, { email: deps.email });
  return { sendCount: row.sendCount + 1 };
}

export interface Viewer {
  userId: string;
  role: "NURSE" | "SUPERVISOR" | "ADMIN";
}

/** Weeks on record, newest first: a supervisor sees their own summaries, an admin every recipient's. */
export async function listWeeklySummaries(db: Db, viewer: Viewer) {
  const rows = await db.weeklySummary.findMany({
    where: viewer.role === "ADMIN" ? {} : { recipientId: viewer.userId },
    orderBy: [{ week: "desc" }, { createdAt: "asc" }],
    take: 500,
    select: {
      week: true,
      weekStart: true,
      weekEnd: true,
      sendCount: true,
      lastSentAt: true,
      recipient: { select: { id: true, name: true } },
    },
  });
  const weeks = new Map<string, { week: string; weekStart: Date; weekEnd: Date; recipients: unknown[] }>();
  for (const r of rows) {
    const w = weeks.get(r.week) ?? {
      week: r.week,
      weekStart: r.weekStart,
      weekEnd: r.weekEnd,
      recipients: [],
    };
    w.recipients.push({ ...r.recipient, sendCount: r.sendCount, lastSentAt: r.lastSentAt });
    weeks.set(r.week, w);
  }
  return [...weeks.values()].slice(0, 104) as {
    week: string;
    weekStart: Date;
    weekEnd: Date;
    recipients: { id: string; name: string; sendCount: number; lastSentAt: Date | null }[];
  }[];
}

/** One week's stored figures, as e-mailed: the viewer's own copy (an admin: the first one made). */
export async function getWeeklySummary(db: Db, viewer: Viewer, week: string) {
  const row = await db.weeklySummary.findFirst({
    where: viewer.role === "ADMIN" ? { week } : { week, recipientId: viewer.userId },
    orderBy: { createdAt: "asc" },
    select: { week: true, weekStart: true, weekEnd: true, figures: true, lastSentAt: true },
  });
  if (!row) throw notFound("Weekly summary");
  return { ...row, figures: row.figures as unknown as WeeklyFigures };
}

export { weekOf };
