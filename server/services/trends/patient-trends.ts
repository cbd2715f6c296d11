import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Db } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { getProtocol, type ProtocolDefinition, type Topic } from "../../triage/index.js";
import { recordView } from "../timeline/record-view.js";
import { episodeSummary, numberValue } from "./episode-summary.js";
import { episodeDay } from "./summary-wording.js";
import { feverLines, glucoseLines, protocolLines, type ReferenceLine, weightLines } from "./thresholds.js";

export interface ReadingSeries {
  unit: string;
  /** One point per episode day: the last reading of that day. */
  points: { day: number; date: string; value: number }[];
  lines: ReferenceLine[];
}

export interface ScoreSeries {
  topic: string;
  label: string;
  /** Option 1 is the best answer; `max` the worst. */
  max: number;
  options: { value: number; label: string }[];
  points: { day: number; date: string; value: number }[];
}

const SCORE_LABELS: Partial<Record<Topic, string>> = {
  hf_breathing: "Breathing",
  copd_breathing: "Breathing vs usual",
  ami_chest_pain: "Chest pain",
  pna_mucus: "Mucus colour",
  medications: "Medicines",
  followup: "Appointment and ride",
};
const SYMPTOM_LABELS: Partial<Record<Topic, string>> = {
  red_flags: "Red-flag symptoms",
  hf_swelling: "Swelling or dizziness",
  copd_mucus: "More mucus or rescue inhaler",
  postop_wound: "Fever, wound or calf",
};

function optionsOf(protocol: ProtocolDefinition, topic: Topic) {
  const q = protocol.questions.find((x) => x.topic === topic);
  return q?.answer.kind === "option"
    ? q.answer.options.map((o) => ({ value: o.value, label: o.label.en }))
    : null;
}

/**
 * What a patient reported over an episode (the latest, unless `episodeId`), for the trend charts
 * of the task and patient pages: readings with the protocol's lines, option scores and yes/no
 * symptoms by day, the check-in pattern, medicine answers and appointments, and the summary line.
 */
export async function getPatientTrends(
  db: Db,
  opts: { patientId: string; episodeId?: string; viewerId: string; now: Date },
) {
  const episode = await db.episode.findFirst({
    where: { patientId: opts.patientId, ...(opts.episodeId ? { id: opts.episodeId } : {}) },
    orderBy: { dischargedAt: "desc" },
    select: {
      id: true,
      protocol: true,
      protocolVersion: true,
      status: true,
      dischargedAt: true,
      closesAt: true,
      patient: { select: { timeZone: true } },
    },
  });
  if (!episode) {
    if (!(await db.patient.findUnique({ where: { id: opts.patientId }, select: { id: true } }))) {
      throw notFound("Patient");
    }
    return null;
  }
  await recordView(db, { userId: opts.viewerId, patientId: opts.patientId, action: "VIEW_PATIENT" });
  const [answers, checkIns, appointments, summary] = await Promise.all([
    db.answer.findMany({
      where: { episodeId: episode.id },
      orderBy: { createdAt: "asc" },
      take: 2000,
      select: { topic: true, parsedValue: true, createdAt: true },
    }),
    db.checkIn.findMany({
      where: { episodeId: episode.id, status: { not: "CANCELED" } },
      orderBy: { scheduledAt: "asc" },
      select: { scheduledAt: true, status: true, reminderSentAt: true },
    }),
    db.appointment.findMany({
      where: { episodeId: episode.id },
      orderBy: { scheduledAt: "asc" },
      select: { id: true, scheduledAt: true, location: true, status: true, transportNeeded: true },
    }),
    episodeSummary(db, episode.id, opts.now),
  ]);
  const tz = episode.patient.timeZone;
  const protocol = getProtocol(episode.protocol, episode.protocolVersion);
  const asks = new Set<string>(protocol.questions.map((q) => q.topic));
  const dayOf = (at: Date) => episodeDay(episode.dischargedAt, at);
  const dateOf = (at: Date) => format(new TZDate(at.getTime(), tz), "MMM d");

  // Last value per topic and episode day (a re-asked question keeps the final answer).
  const byTopic = new Map<string, Map<number, { day: number; date: string; value: number }>>();
  for (const a of answers) {
    const v = a.parsedValue as { kind?: string; value?: unknown } | null;
    const value =
      v?.kind === "yes_no" ? (v.value ? 1 : 0) : v?.kind === "option" ? Number(v.value) : numberValue(v);
    if (value === null || Number.isNaN(value)) continue;
    const days = byTopic.get(a.topic) ?? new Map();
    days.set(dayOf(a.createdAt), { day: dayOf(a.createdAt), date: dateOf(a.createdAt), value });
    byTopic.set(a.topic, days);
  }
  const pointsOf = (topic: string) => [...(byTopic.get(topic)?.values() ?? [])];

  const lines = protocolLines(protocol);
  const reading = (
    topic: Topic,
    unit: string,
    refs: (points: ReadingSeries["points"]) => ReferenceLine[],
  ) => {
    if (!asks.has(topic)) return null;
    const points = pointsOf(topic);
    return { unit, points, lines: refs(points) } satisfies ReadingSeries;
  };
  const scores: ScoreSeries[] = (Object.keys(SCORE_LABELS) as Topic[]).flatMap((topic) => {
    const options = asks.has(topic) ? optionsOf(protocol, topic) : null;
    if (!options) return [];
    const max = Math.max(...options.map((o) => o.value));
    return [{ topic, label: SCORE_LABELS[topic]!, max, options, points: pointsOf(topic) }];
  });
  const symptoms = (Object.keys(SYMPTOM_LABELS) as Topic[])
    .filter((t) => asks.has(t))
    .map((topic) => ({ topic, label: SYMPTOM_LABELS[topic]!, points: pointsOf(topic) }));

  const pattern = new Map<
    number,
    { day: number; date: string; answered: number; late: number; missed: number; pending: number }
  >();
  for (const c of checkIns) {
    if (c.scheduledAt > opts.now) continue;
    const day = dayOf(c.scheduledAt);
    const row = pattern.get(day) ?? {
      day,
      date: dateOf(c.scheduledAt),
      answered: 0,
      late: 0,
      missed: 0,
      pending: 0,
    };
    if (c.status === "COMPLETED") {
      if (c.reminderSentAt) row.late++;
      else row.answered++;
    } else if (c.status === "NO_RESPONSE") row.missed++;
    else row.pending++;
    pattern.set(day, row);
  }

  return {
    episode: {
      id: episode.id,
      protocol: episode.protocol,
      protocolVersion: episode.protocolVersion,
      status: episode.status,
      dischargedAt: episode.dischargedAt,
      closesAt: episode.closesAt,
      day: dayOf(opts.now),
      length: Math.round((episode.closesAt.getTime() - episode.dischargedAt.getTime()) / 86_400_000),
    },
    summary,
    weight: reading("hf_weight", "lb", (points) => weightLines(lines, points[0]?.value ?? null)),
    glucose: reading("dm_glucose", "mg/dL", () => glucoseLines(lines)),
    temperature: reading("pna_temperature", "°F", () => feverLines(lines)),
    scores,
    symptoms,
    checkIns: [...pattern.values()],
    appointments: appointments.map((a) => ({ ...a, date: dateOf(a.scheduledAt) })),
  };
}

export type PatientTrends = NonNullable<Awaited<ReturnType<typeof getPatientTrends>>>;
