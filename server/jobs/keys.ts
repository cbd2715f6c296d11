/**
 * Run tags and idempotency keys, written once. Tags let the console find a patient's or a task's
 * runs (`runs.list({ tag })`, realtime by tag); global idempotency keys make a retried request or
 * a re-executed step start a job once.
 */
export const jobTags = {
  patient: (id: string) => `patient:${id}`,
  episode: (id: string) => `episode:${id}`,
  task: (id: string) => `task:${id}`,
  message: (id: string) => `message:${id}`,
  appointment: (id: string) => `appointment:${id}`,
};

export const jobKeys = {
  enroll: (episodeId: string) => `enroll:${episodeId}`,
  /** A slot's check-in run, started (and awaited) by the episode's follow-up. */
  checkIn: (checkInId: string) => `checkin:${checkInId}`,
  inbound: (messageId: string) => `inbound:${messageId}`,
  assign: (taskId: string) => `assign:${taskId}`,
  reassignAfterRelease: (taskId: string, version: number) => `assign:${taskId}:released:${version}`,
  /** One monitor per severity version: a raised severity restarts the clock with a new monitor. */
  slaMonitor: (taskId: string, version: number) => `sla:${taskId}:v${version}`,
  /** The hourly integrity check's monitor for a task that lost its own. */
  slaMonitorRepair: (taskId: string) => `sla:${taskId}:integrity`,
  resolved: (taskId: string) => `resolved:${taskId}`,
  appointmentReminders: (appointmentId: string) => `appt:${appointmentId}`,
  /** One send per EHR note and admin re-send, however often the dispatcher sees it queued. */
  ehrNote: (noteId: string, resends = 0) =>
    resends > 0 ? `ehr-note:${noteId}:resend:${resends}` : `ehr-note:${noteId}`,
  /** One offer per cause and occasion (`key`: e.g. "day2:<episode>", "checkin:<answer>"). */
  visitOffer: (key: string) => `visit-offer:${key}`,
  visitRequest: (requestId: string) => `visit-request:${requestId}`,
  /** One after-visit follow-up (24 h and 1 week questions) per attended appointment. */
  afterVisit: (appointmentId: string) => `visit-after:${appointmentId}`,
};
