import type { Db } from "../../server/db/client.js";
import { jobs } from "../../server/jobs/index.js";
import { receivePatientMessage } from "../../server/services/inbound/index.js";
import { addTaskNote, claimTask, resolveTask } from "../../server/services/tasks/task-commands.js";
import type { SmsConfig, SmsService } from "../../server/sms/index.js";
import { type Persona, rand, replyFor } from "./personas.js";

/** Scripted patients: answer each new text the way their persona would, through the real inbound pipeline. */
export function createPatientBot(opts: {
  db: Db;
  sms: SmsService;
  config: SmsConfig;
  personas: Map<string, Persona>;
}) {
  // Texts are sent out of creation order (quiet hours hold some overnight), so the window is on
  // the last change (a send) with a margin of an hour, and handled ids are remembered.
  const handled = new Set<string>();
  let previous = 0;
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
      await receivePatientMessage(
        { db: opts.db, sms: opts.sms, jobs, config: opts.config },
        { from: text.patient.phone, body },
      );
      replies++;
    }
    return replies;
  };
}

/**
 * Nurses: most tasks are worked as soon as they appear (contact documented, resolved); one in ten
 * waits for the next round, so some SLAs are breached the way they would be on a busy shift.
 */
export function createNurseBot(opts: { db: Db; round: () => number }) {
  return async function workQueue(): Promise<number> {
    const open = await opts.db.escalationTask.findMany({
      where: { status: { in: ["OPEN", "IN_PROGRESS"] } },
      select: { id: true, assigneeId: true, patientId: true },
      take: 5_000,
    });
    const fallback = await opts.db.user.findFirst({
      where: { role: "NURSE", active: true },
      select: { id: true },
    });
    let worked = 0;
    for (const task of open) {
      if (rand(`${task.id}:${opts.round()}`) < 0.1) continue;
      const nurseId = task.assigneeId ?? fallback?.id;
      if (!nurseId) continue;
      const actor = { kind: "USER" as const, userId: nurseId, isSupervisor: true };
      try {
        await claimTask(opts.db, { taskId: task.id, userId: nurseId });
      } catch {
        // Another nurse holds it; a supervisor-level actor may still resolve below.
      }
      await addTaskNote(opts.db, { taskId: task.id, text: "Called the patient", contact: true, actor });
      const resolved = await resolveTask(opts.db, { taskId: task.id, disposition: "ADVICE_GIVEN", actor });
      await jobs.afterResolve({
        id: resolved.taskId,
        patientId: resolved.patientId,
        monitorRunId: resolved.monitorRunId,
      });
      worked++;
    }
    return worked;
  };
}
