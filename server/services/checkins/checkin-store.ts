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

/**
 * Completes the check-in and moves the episode's well/missed streaks, once, in one statement: a
 * check-in already finished (or an after-visit one, whose questions do not move the regular
 * schedule's streaks) changes nothing and reads the episode's missed streak as it stands.
 */
export async function finishCheckIn(
  db: Db,
  checkInId: string,
  outcome: "COMPLETED" | "NO_RESPONSE",
  well: boolean,
): Promise<{ consecutiveMissed: number; changed: boolean }> {
  const t = now();
  const missed = outcome === "NO_RESPONSE";
  const [row] = await db.$queryRaw<{ moved: number | null; stored: number | null }[]>`
    WITH done AS (
      UPDATE "CheckIn" SET status = ${outcome}::"CheckInStatus", "completedAt" = ${t}, "waitTokenId" = NULL,
        "currentTopic" = NULL, "updatedAt" = ${t}
      WHERE id = ${checkInId} AND status IN ('SCHEDULED', 'IN_PROGRESS')
      RETURNING "episodeId", "afterVisit"),
    moved AS (
      UPDATE "Episode" e SET
        "consecutiveMissed" = CASE WHEN ${missed} THEN e."consecutiveMissed" + 1 ELSE 0 END,
        "consecutiveWell" = CASE WHEN ${!missed && well} THEN e."consecutiveWell" + 1 ELSE 0 END,
        "updatedAt" = ${t}
      FROM done WHERE e.id = done."episodeId" AND coalesce(done."afterVisit", '') = ''
      RETURNING e."consecutiveMissed")
    SELECT (SELECT "consecutiveMissed" FROM moved) AS moved,
      (SELECT e."consecutiveMissed" FROM "CheckIn" c JOIN "Episode" e ON e.id = c."episodeId"
        WHERE c.id = ${checkInId}) AS stored`;
  if (row?.moved != null) return { consecutiveMissed: row.moved, changed: true };
  if (row?.stored == null) throw new Error("check-in not found");
  return { consecutiveMissed: row.stored, changed: false };
}
