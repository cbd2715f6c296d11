import type { Db } from "../db/client.js";
import { type Messaging, nurseWorksTask, patientTexts } from "./flows.js";
import { type Persona, rand, replyFor } from "./personas.js";

/** Scripted patients: answer each new text the way their persona would, through the real inbound pipeline. */
export function createPatientBot(
  opts: Messaging & {
    personas: Map<string, Persona>;
    /**
     * Texts sent before this moment are already handled (a demo resumed after a crash): only a
     * text with no reply from the patient after it is answered.
     */
    since?: Date;
  },
) {
  // Texts are sent out of creation order (quiet hours hold some overnight), so the window is on
  // the last change (a send) with a margin of an hour, and handled ids are remembered.
  const handled = new Set<string>();
  let previous = opts.since?.getTime() ?? 0;
  return async function replyToNewTexts(now: Date): Promise<number> {
    const since = new Date(previous - 3_600_000);
    previous = now.getTime();
    const texts = await opts.db.message.findMany({
      where: {
        direction: "OUTBOUND",
        status: { notIn: ["PENDING", "SUPPRESSED"] },
        updatedAt: { gte: since },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 50_000,
      select: {
        id: true,
        template: true,
        createdAt: true,
        patient: { select: { id: true, phone: true } },
        checkIn: { select: { slot: true, currentTopic: true } },
      },
    });
    let replies = 0;
    for (const text of texts) {
      if (handled.has(text.id)) continue;
      handled.add(text.id);
      const persona = opts.personas.get(text.patient.id);
      if (!persona) continue;
      let body: string | null = null;
      if (text.template === "consent.request")
        body = persona === "SILENT" ? null : persona === "SPANISH" ? "SI" : "YES";
      else if (text.template === "checkin.question" && text.checkIn?.currentTopic) {
        body = replyFor({
          persona,
          checkInSlot: text.checkIn.slot,
          topic: text.checkIn.currentTopic,
          question: "",
          seed: text.id,
        });
      }
      if (!body) continue;
      if (opts.since && (await answeredAfter(opts.db, text.patient.id, text.createdAt))) continue;
      await patientTexts(opts, text.patient.phone, body);
      replies++;
    }
    return replies;
  };
}

const answeredAfter = async (db: Db, patientId: string, at: Date) =>
  (await db.message.count({ where: { patientId, direction: "INBOUND", createdAt: { gt: at } } })) > 0;

/**
 * Nurses: most tasks are worked as soon as they appear (contact documented, resolved); one in ten
 * waits for the next round, so some SLAs are breached the way they would be on a busy shift.
 * `works` narrows which open tasks are worked at all this round (the demo leaves the newest open).
 */
export function createNurseBot(opts: {
  db: Db;
  round: () => number;
  works?: (task: { createdAt: Date; severity: string }) => boolean;
}) {
  return async function workQueue(): Promise<number> {
    const open = await opts.db.escalationTask.findMany({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
      select: { id: true, assigneeId: true, patientId: true, createdAt: true, severity: true },
      take: 5_000,
    });
    const fallback = await opts.db.user.findFirst({
      where: { role: "NURSE", active: true },
      select: { id: true },
    });
    let worked = 0;
    for (const task of open) {
      if (opts.works && !opts.works(task)) continue;
      if (rand(`${task.id}:${opts.round()}`) < 0.1) continue;
      const nurseId = task.assigneeId ?? fallback?.id;
      if (!nurseId) continue;
      await nurseWorksTask(opts.db, task.id, nurseId);
      worked++;
    }
    return worked;
  };
}
