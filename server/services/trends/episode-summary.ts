import type { Db } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { getProtocol } from "../../triage/index.js";
import { describeEpisode, type EpisodeFacts } from "./summary-wording.js";
import { protocolLines } from "./thresholds.js";

const DAY = 86_400_000;

export const numberValue = (parsed: unknown): number | null => {
  const v = parsed as { kind?: string; value?: unknown } | null;
  return v?.kind === "number" && typeof v.value === "number" ? v.value : null;
};

/** The latest glucose / temperature reading when it is past a line the protocol acts on. */
function flagged(
  answers: { topic: string; parsedValue: unknown }[],
  lines: ReturnType<typeof protocolLines>,
): string[] {
  const out: string[] = [];
  const latest = (topic: string) => {
    const a = answers.filter((x) => x.topic === topic).at(-1);
    return a ? numberValue(a.parsedValue) : null;
  };
  const sugar = latest("dm_glucose");
  if (sugar !== null) {
    const low = Math.max(...lines.glucose.low, Number.NEGATIVE_INFINITY);
    const high = Math.min(...lines.glucose.high, Number.POSITIVE_INFINITY);
    if (sugar < low) out.push(`last blood sugar ${sugar} mg/dL (low)`);
    else if (sugar > high) out.push(`last blood sugar ${sugar} mg/dL (high)`);
  }
  const temp = latest("pna_temperature");
  const fever = lines.fever[0];
  if (temp !== null && fever !== undefined && temp >= fever) out.push(`last temperature ${temp} °F`);
  return out;
}

/** Reads what describeEpisode needs for one episode. */
export async function episodeFacts(db: Db, episodeId: string, now: Date): Promise<EpisodeFacts> {
  const episode = await db.episode.findUnique({
    where: { id: episodeId },
    select: {
      protocol: true,
      protocolVersion: true,
      dischargedAt: true,
      closesAt: true,
      closedAt: true,
      patient: { select: { timeZone: true } },
    },
  });
  if (!episode) throw notFound("Episode");
  const [answers, tasks, checkIns, appointment] = await Promise.all([
    db.answer.findMany({
      where: {
        episodeId,
        topic: { in: ["hf_weight", "dm_glucose", "pna_temperature"] },
        createdAt: { lte: now },
      },
      orderBy: { createdAt: "asc" },
      select: { topic: true, parsedValue: true, createdAt: true },
    }),
    db.escalationTask.findMany({
      where: { episodeId, createdAt: { gt: new Date(now.getTime() - 7 * DAY), lte: now } },
      select: { severity: true, status: true },
    }),
    db.checkIn.findMany({
      where: { episodeId, status: { not: "CANCELED" }, scheduledAt: { lte: now } },
      orderBy: { scheduledAt: "asc" },
      select: { status: true, reminderSentAt: true },
    }),
    db.appointment.findFirst({
      where: { episodeId, scheduledAt: { gt: now }, status: { in: ["SCHEDULED", "CONFIRMED"] } },
      orderBy: { scheduledAt: "asc" },
      select: { scheduledAt: true, status: true, transportNeeded: true },
    }),
  ]);
  const lines = protocolLines(getProtocol(episode.protocol, episode.protocolVersion));
  return {
    dischargedAt: episode.dischargedAt,
    closesAt: episode.closesAt,
    closedAt: episode.closedAt,
    timeZone: episode.patient.timeZone,
    weights: answers.flatMap((a) => {
      const lb = a.topic === "hf_weight" ? numberValue(a.parsedValue) : null;
      return lb === null ? [] : [{ at: a.createdAt, lb }];
    }),
    recentTasks: tasks,
    checkIns: checkIns.map((c) => ({
      status: c.status,
      late: c.status === "COMPLETED" && c.reminderSentAt !== null,
    })),
    nextAppointment: appointment
      ? {
          at: appointment.scheduledAt,
          status: appointment.status,
          transportNeeded: appointment.transportNeeded,
        }
      : null,
    flaggedReadings: flagged(answers, lines),
  };
}

/**
 * One plain-language line about an episode, from its data alone: "Day 12 of 30. Weight up 4 lb in
 * 5 days, two URGENT tasks this week (both resolved), missed last check-in, follow-up visit Thu
 * 10:00." Staff-facing (pages and the EHR closing note); no patient name or message text.
 */
export async function episodeSummary(db: Db, episodeId: string, now: Date): Promise<string> {
  return describeEpisode(await episodeFacts(db, episodeId, now), now);
}
