import type { Db } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { recordView } from "./record-view.js";

export type TimelineItem =
  | {
      kind: "MESSAGE";
      id: string;
      at: Date;
      direction: "INBOUND" | "OUTBOUND";
      body: string;
      status: string;
      errorCode: number | null;
      template: string | null;
    }
  | {
      kind: "ANSWER";
      id: string;
      at: Date;
      topic: string;
      rawReply: string;
      parsedValue: unknown;
      ruleId: string | null;
      ruleVersion: number | null;
      severity: string;
      reasonCode: string | null;
      explanation: unknown;
    }
  | {
      kind: "TASK_EVENT";
      id: string;
      at: Date;
      taskId: string;
      event: string;
      actorKind: string;
      actorName: string | null;
      data: Record<string, unknown>;
    }
  | { kind: "VIEW"; id: string; at: Date; action: string; userName: string };

/**
 * Everything that happened to one patient, newest first: texts both ways with delivery status,
 * each judged answer with the rule that fired, every task event (SLA ones included) and who viewed
 * the record. Reading it is audited as VIEW_PATIENT.
 */
export async function getPatientTimeline(
  db: Db,
  opts: { patientId: string; viewerId: string; limit: number },
) {
  const patient = await db.patient.findUnique({
    where: { id: opts.patientId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      mrn: true,
      preferredLanguage: true,
      timeZone: true,
      consentStatus: true,
      optedOut: true,
      // Hospital feed: a readmission or ED return paused texts.
      outreachPausedAt: true,
      episodes: {
        orderBy: { dischargedAt: "desc" },
        select: {
          id: true,
          protocol: true,
          protocolVersion: true,
          dischargedAt: true,
          closesAt: true,
          status: true,
        },
      },
    },
  });
  if (!patient) throw notFound("Patient");
  await recordView(db, { userId: opts.viewerId, patientId: patient.id, action: "VIEW_PATIENT" });
  const take = opts.limit;
  const [messages, answers, events, views] = await Promise.all([
    db.message.findMany({
      where: { patientId: patient.id },
      orderBy: { createdAt: "desc" },
      take,
      select: {
        id: true,
        createdAt: true,
        direction: true,
        body: true,
        status: true,
        errorCode: true,
        template: true,
      },
    }),
    db.answer.findMany({
      where: { episode: { patientId: patient.id } },
      orderBy: { createdAt: "desc" },
      take,
      select: {
        id: true,
        createdAt: true,
        topic: true,
        rawReply: true,
        parsedValue: true,
        ruleId: true,
        ruleVersion: true,
        severity: true,
        reasonCode: true,
        explanation: true,
      },
    }),
    db.taskEvent.findMany({
      where: { task: { patientId: patient.id } },
      orderBy: { createdAt: "desc" },
      take,
      select: {
        id: true,
        createdAt: true,
        taskId: true,
        kind: true,
        actorKind: true,
        data: true,
        actor: { select: { name: true } },
      },
    }),
    db.auditLog.findMany({
      where: { patientId: patient.id },
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, createdAt: true, action: true, user: { select: { name: true } } },
    }),
  ]);
  const items: TimelineItem[] = [
    ...messages.map((m) => ({ kind: "MESSAGE" as const, ...pickMessage(m) })),
    ...answers.map(({ createdAt, ...a }) => ({ kind: "ANSWER" as const, at: createdAt, ...a })),
    ...events.map((e) => ({
      kind: "TASK_EVENT" as const,
      id: e.id,
      at: e.createdAt,
      taskId: e.taskId,
      event: e.kind,
      actorKind: e.actorKind,
      actorName: e.actor?.name ?? null,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
    ...views.map((v) => ({
      kind: "VIEW" as const,
      id: v.id,
      at: v.createdAt,
      action: v.action,
      userName: v.user?.name ?? "Former staff member",
    })),
  ];
  items.sort((a, b) => b.at.getTime() - a.at.getTime() || a.id.localeCompare(b.id));
  return { patient, items: items.slice(0, take) };
}

function pickMessage(m: {
  id: string;
  createdAt: Date;
  direction: "INBOUND" | "OUTBOUND";
  body: string;
  status: string;
  errorCode: number | null;
  template: string | null;
}) {
  return {
    id: m.id,
    at: m.createdAt,
    direction: m.direction,
    body: m.body,
    status: m.status,
    errorCode: m.errorCode,
    template: m.template,
  };
}
