import type { Db, Prisma } from "../../db/client.js";
import { now } from "../../lib/clock.js";
import { getProtocol, type History } from "../../triage/index.js";

export async function loadCheckInContext(db: Db, checkInId: string) {
  const checkIn = await db.checkIn.findUniqueOrThrow({
    where: { id: checkInId },
    include: {
      episode: { include: { patient: true } },
      answers: { select: { topic: true, severity: true } },
    },
  });
  const full = getProtocol(checkIn.episode.protocol, checkIn.episode.protocolVersion);
  // After a follow-up visit (services/visits/after-visit.ts): that set's questions, same rules.
  const set = checkIn.afterVisit === "24H" || checkIn.afterVisit === "1W" ? checkIn.afterVisit : null;
  const protocol = set ? { ...full, questions: full.afterVisit[set] } : full;
  return { checkIn, episode: checkIn.episode, patient: checkIn.episode.patient, protocol };
}

/** Earlier HF weights of this episode, as the triage rules want them (days before `at`). */
export async function weightHistory(db: Db, episodeId: string, at: Date): Promise<History> {
  const rows = await db.answer.findMany({
    where: { episodeId, topic: "hf_weight" },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { parsedValue: true, createdAt: true },
  });
  const weights = rows.flatMap((r) => {
    const v = r.parsedValue as { kind?: string; value?: number } | null;
    const daysAgo = (at.getTime() - r.createdAt.getTime()) / 86_400_000;
    return v?.kind === "number" && typeof v.value === "number" && daysAgo > 0
      ? [{ daysAgo, lb: v.value }]
      : [];
  });
  return { weights };
}

export async function recordAnswer(
  db: Db,
  data: {
    episodeId: string;
    checkInId: string | null;
    messageId: string;
    topic: string;
    rawReply: string;
    parsedValue: Prisma.InputJsonValue | null;
    ruleId: string | null;
    ruleVersion: number | null;
    severity: "NONE" | "ROUTINE" | "URGENT" | "EMERGENT";
    reasonCode: string | null;
    explanation: Prisma.InputJsonObject;
  },
): Promise<string> {
  const row = { ...data, parsedValue: data.parsedValue ?? undefined, createdAt: now() };
  // Once per (check-in, topic, message): the unique index holds it, so a first answer is one
  // INSERT … ON CONFLICT DO NOTHING and only a replay reads the answer it recorded before. Without
  // a check-in the index cannot (NULLs never conflict): looked up first.
  if (data.checkInId !== null) {
    const [made] = await db.answer.createManyAndReturn({
      data: [row],
      skipDuplicates: true,
      select: { id: true },
    });
    if (made) return made.id;
  }
  const existing = await db.answer.findFirst({
    where: { checkInId: data.checkInId, topic: data.topic, messageId: data.messageId },
    select: { id: true },
  });
  if (existing) return existing.id;
  return (await db.answer.create({ data: row, select: { id: true } })).id;
}

/** Completes the check-in and moves the episode's well/missed streaks, once. */
export async function finishCheckIn(
  db: Db,
  checkInId: string,
  outcome: "COMPLETED" | "NO_RESPONSE",
  well: boolean,
): Promise<{ consecutiveMissed: number; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const res = await tx.checkIn.updateMany({
      where: { id: checkInId, status: { in: ["SCHEDULED", "IN_PROGRESS"] } },
      data: { status: outcome, completedAt: now(), waitTokenId: null, currentTopic: null },
    });
    const checkIn = await tx.checkIn.findUniqueOrThrow({
      where: { id: checkInId },
      select: { episodeId: true, afterVisit: true },
    });
    // After-visit questions (services/visits) do not move the regular schedule's streaks.
    if (res.count === 0 || checkIn.afterVisit) {
      const ep = await tx.episode.findUniqueOrThrow({
        where: { id: checkIn.episodeId },
        select: { consecutiveMissed: true },
      });
      return { consecutiveMissed: ep.consecutiveMissed, changed: false };
    }
    const data: Prisma.EpisodeUpdateInput =
      outcome === "NO_RESPONSE"
        ? { consecutiveMissed: { increment: 1 }, consecutiveWell: 0 }
        : { consecutiveMissed: 0, consecutiveWell: well ? { increment: 1 } : 0 };
    const ep = await tx.episode.update({
      where: { id: checkIn.episodeId },
      data,
      select: { consecutiveMissed: true },
    });
    return { consecutiveMissed: ep.consecutiveMissed, changed: true };
  });
}
