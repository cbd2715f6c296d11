import { idempotencyKeys, runs, tasks, wait } from "@trigger.dev/sdk";
import { logger } from "../lib/logger.js";
import { jobKeys, jobTags } from "./keys.js";
import type { JobId, JobPayload } from "./payloads.js";

/**
 * The one way Sequora starts background work, used by routers, services and tasks alike. Calls go
 * through the real SDK (`tasks.trigger`), configured by TRIGGER_API_URL / TRIGGER_SECRET_KEY:
 * Trigger.dev in production, the embedded engine otherwise.
 */
export interface JobStarter {
  enroll(episode: { id: string; patientId: string }): Promise<string>;
  routeInbound(messageId: string): Promise<void>;
  assign(task: { id: string; patientId: string }): Promise<void>;
  reassignAfterRelease(task: { id: string; patientId: string; version: number }): Promise<void>;
  /** `version` is the task's severity version; `repair` is the integrity check's restart. */
  monitorSla(task: { id: string; patientId: string }, cause: { version: number } | "repair"): Promise<string>;
  afterResolve(task: { id: string; patientId: string; monitorRunId: string | null }): Promise<void>;
  remindAppointment(appointment: { id: string; patientId: string }): Promise<string>;
  /** Texts up to three free visit times (`visit.offer`); `key` makes each occasion offer once. */
  offerVisit(offer: { episodeId: string; patientId: string; cause: string; key: string }): Promise<void>;
  visitRequest(request: { id: string; patientId: string }): Promise<string>;
  /** Wakes a visit request's run after staff or the patient decided (a token no longer waiting is fine). */
  resumeVisitRequest(tokenId: string): Promise<void>;
  /** After an attended visit: the 24 h and 1 week questions (`visit.after`), once per appointment. */
  afterVisit(appointment: { id: string; patientId: string }): Promise<void>;
  /** Cancels a run that may already have finished; a finished or unknown run is not an error. */
  cancel(runId: string): Promise<void>;
}

// Global scope: the platform keys by environment, so a retry from any run or request dedupes.
const globalKey = (key: string) => idempotencyKeys.create(key, { scope: "global" });

async function start<Id extends JobId>(id: Id, payload: JobPayload<Id>, key: string, tags: string[]) {
  const handle = await tasks.trigger(id, payload, { idempotencyKey: await globalKey(key), tags });
  return handle.id;
}

async function cancel(runId: string): Promise<void> {
  try {
    await runs.cancel(runId);
  } catch (err) {
    logger.debug("run cancel skipped", { runId, error: (err as Error).name });
  }
}

export const jobs: JobStarter = {
  enroll: (episode) =>
    start("episode.enroll", { episodeId: episode.id }, jobKeys.enroll(episode.id), [
      jobTags.episode(episode.id),
      jobTags.patient(episode.patientId),
    ]),
  routeInbound: async (messageId) => {
    await start("sms.inbound-route", { messageId }, jobKeys.inbound(messageId), [jobTags.message(messageId)]);
  },
  assign: async (task) => {
    await start("task.assign", { taskId: task.id }, jobKeys.assign(task.id), [
      jobTags.task(task.id),
      jobTags.patient(task.patientId),
    ]);
  },
  reassignAfterRelease: async (task) => {
    await start(
      "task.assign",
      { taskId: task.id, reason: "RELEASED" },
      jobKeys.reassignAfterRelease(task.id, task.version),
      [jobTags.task(task.id), jobTags.patient(task.patientId)],
    );
  },
  monitorSla: (task, cause) =>
    start(
      "task.sla-monitor",
      { taskId: task.id },
      cause === "repair" ? jobKeys.slaMonitorRepair(task.id) : jobKeys.slaMonitor(task.id, cause.version),
      [jobTags.task(task.id), jobTags.patient(task.patientId)],
    ),
  afterResolve: async (task) => {
    await start("task.resolved", { taskId: task.id }, jobKeys.resolved(task.id), [
      jobTags.task(task.id),
      jobTags.patient(task.patientId),
    ]);
    // Short-circuit the SLA monitor now rather than at its next wake-up.
    if (task.monitorRunId) await cancel(task.monitorRunId);
  },
  remindAppointment: (appointment) =>
    start(
      "appointment.reminders",
      { appointmentId: appointment.id },
      jobKeys.appointmentReminders(appointment.id),
      [jobTags.patient(appointment.patientId), jobTags.appointment(appointment.id)],
    ),
  offerVisit: async (offer) => {
    await start(
      "visit.offer",
      { episodeId: offer.episodeId, cause: offer.cause, key: offer.key },
      jobKeys.visitOffer(offer.key),
      [jobTags.episode(offer.episodeId), jobTags.patient(offer.patientId)],
    );
  },
  visitRequest: (request) =>
    start("visit.request", { requestId: request.id }, jobKeys.visitRequest(request.id), [
      jobTags.patient(request.patientId),
    ]),
  resumeVisitRequest: async (tokenId) => {
    try {
      const token = await wait.retrieveToken(tokenId);
      if (token.status === "WAITING") await wait.completeToken(tokenId, {});
    } catch (err) {
      logger.debug("visit request resume skipped", { error: (err as Error).name });
    }
  },
  afterVisit: async (appointment) => {
    await start("visit.after", { appointmentId: appointment.id }, jobKeys.afterVisit(appointment.id), [
      jobTags.patient(appointment.patientId),
      jobTags.appointment(appointment.id),
    ]);
  },
  cancel,
};

/** Starts the durable send of one EHR note (services/ehr-notes `dispatchEhrNotes` calls this). */
export const startEhrNoteSend = (note: {
  id: string;
  patientId: string;
  resends?: number;
}): Promise<string> =>
  start("ehr.send-note", { noteId: note.id }, jobKeys.ehrNote(note.id, note.resends), [
    jobTags.patient(note.patientId),
  ]);
