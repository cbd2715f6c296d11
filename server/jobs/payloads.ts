import { z } from "zod";

/**
 * The payload of every background job Sequora starts, by Trigger.dev task id. The task files in
 * `trigger/` use these schemas as their `schema`, and the job starter types its calls with them,
 * so a starter and its task cannot drift apart (and `server/` never imports from `trigger/`).
 */
export const JOB_PAYLOADS = {
  "episode.enroll": z.object({ episodeId: z.string().min(1) }),
  "checkin.run": z.object({ checkInId: z.string().min(1) }),
  "sms.inbound-route": z.object({ messageId: z.string().min(1) }),
  "task.assign": z.object({ taskId: z.string().min(1), reason: z.enum(["NEW", "RELEASED"]).default("NEW") }),
  "task.sla-monitor": z.object({ taskId: z.string().min(1) }),
  "task.resolved": z.object({ taskId: z.string().min(1) }),
  "appointment.reminders": z.object({ appointmentId: z.string().min(1) }),
  "ehr.send-note": z.object({ noteId: z.string().min(1) }),
  // `key` names the occasion (one offer each); without it, one per episode and cause.
  "visit.offer": z.object({
    episodeId: z.string().min(1),
    cause: z.string().min(1).max(40).default("RESCHEDULE"),
    key: z.string().min(1).max(120).optional(),
  }),
  "visit.request": z.object({ requestId: z.string().min(1) }),
  "visit.after": z.object({ appointmentId: z.string().min(1) }),
} as const;

export type JobId = keyof typeof JOB_PAYLOADS;
export type JobPayload<Id extends JobId> = z.input<(typeof JOB_PAYLOADS)[Id]>;
