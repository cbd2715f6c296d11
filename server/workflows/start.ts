import { idempotencyKeys, runs, tasks } from "@trigger.dev/sdk";
import type { appointmentRemindersTask } from "../../trigger/appointments/reminders.js";
import type { episodeEnrollTask } from "../../trigger/episodes/enroll.js";
import type { inboundRouteTask } from "../../trigger/inbound/route.js";
import type { assignTaskTask } from "../../trigger/tasks/assign.js";
import type { taskResolvedTask } from "../../trigger/tasks/resolved.js";
import { logger } from "../lib/logger.js";

// The only place procedures start workflows. Everything goes through the real SDK (`tasks.trigger`),
// configured by TRIGGER_API_URL / TRIGGER_SECRET_KEY: Trigger.dev in production, the embedded
// engine otherwise. Keys are global so a retried request never starts a workflow twice.
const key = (k: string) => idempotencyKeys.create(k, { scope: "global" });

export async function startEnrollment(episode: { id: string; patientId: string }): Promise<string> {
  const handle = await tasks.trigger<typeof episodeEnrollTask>(
    "episode.enroll",
    { episodeId: episode.id },
    {
      idempotencyKey: await key(`enroll:${episode.id}`),
      tags: [`episode:${episode.id}`, `patient:${episode.patientId}`],
    },
  );
  return handle.id;
}

export async function routeInbound(messageId: string): Promise<void> {
  await tasks.trigger<typeof inboundRouteTask>(
    "sms.inbound-route",
    { messageId },
    { idempotencyKey: await key(`inbound:${messageId}`), tags: [`message:${messageId}`] },
  );
}

export async function afterResolve(task: { id: string; patientId: string; monitorRunId: string | null }) {
  await tasks.trigger<typeof taskResolvedTask>(
    "task.resolved",
    { taskId: task.id },
    {
      idempotencyKey: await key(`resolved:${task.id}`),
      tags: [`task:${task.id}`, `patient:${task.patientId}`],
    },
  );
  // Short-circuit the SLA monitor now rather than at its next wake-up.
  if (task.monitorRunId) await cancelQuietly(task.monitorRunId);
}

export async function reassignAfterRelease(task: { id: string; patientId: string; version: number }) {
  await tasks.trigger<typeof assignTaskTask>(
    "task.assign",
    { taskId: task.id, reason: "RELEASED" },
    {
      idempotencyKey: await key(`assign:${task.id}:released:${task.version}`),
      tags: [`task:${task.id}`, `patient:${task.patientId}`],
    },
  );
}

export async function startAppointmentReminders(appt: { id: string; patientId: string }): Promise<string> {
  const handle = await tasks.trigger<typeof appointmentRemindersTask>(
    "appointment.reminders",
    { appointmentId: appt.id },
    {
      idempotencyKey: await key(`appt:${appt.id}`),
      tags: [`patient:${appt.patientId}`, `appointment:${appt.id}`],
    },
  );
  return handle.id;
}

export async function cancelQuietly(runId: string): Promise<void> {
  try {
    await runs.cancel(runId);
  } catch (err) {
    // Already finished or unknown: nothing left to cancel.
    logger.debug("run cancel skipped", { runId, error: (err as Error).name });
  }
}
