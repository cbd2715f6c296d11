import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { raiseEscalation } from "../escalation/raise-escalation.js";
import { notifyStaff } from "../notifications/notify.js";
import { closeTaskBySystem } from "../tasks/close-by-system.js";

/**
 * A note the EHR would not take after the retries. The gap is in the patient's chart, so it is a
 * task on that patient (reason EHR_NOTE_FAILED, routine SLA, assigned like any task, on the
 * patient's page), and every admin gets an in-app notice because the cause is the interface.
 * Returns the task's id.
 */
export async function openNoteFailedTask(
  deps: { db: Db; jobs: JobStarter },
  note: { id: string; patientId: string; episodeId: string | null; attempts: number; resends: number },
  reason: string,
): Promise<string> {
  const task = await raiseEscalation(deps, {
    patientId: note.patientId,
    episodeId: note.episodeId,
    severity: "ROUTINE",
    reasonCode: "EHR_NOTE_FAILED",
    action:
      "A clinical note could not be filed in the EHR: file it by hand from this task, and tell the interface team",
    evidence: { source: "ehr-notes", noteId: note.id, attempts: note.attempts, reason },
  });
  const admins = await deps.db.user.findMany({
    where: { role: "ADMIN", active: true },
    select: { id: true },
  });
  await notifyStaff(deps.db, {
    userIds: admins.map((a) => a.id),
    taskId: task.taskId,
    kind: "EHR_NOTE_FAILED",
    title: `EHR note not delivered after ${note.attempts} attempts: ${reason.slice(0, 120)}`,
    channels: ["IN_APP"],
    // Once per round: a note failing again after a re-send tells the admins again.
    key: `ehr-note-failed:${note.id}:${note.resends}`,
  });
  return task.taskId;
}

/**
 * A failed note re-sent by an admin has landed: its task is resolved by the system (no disposition:
 * nobody spoke to the patient, so no closing text follows), unless another note of the patient's,
 * merged into the same task, is still failed, or someone already closed it.
 */
export async function closeNoteFailedTask(
  deps: { db: Db; jobs: Pick<JobStarter, "afterResolve"> },
  taskId: string,
): Promise<void> {
  const stillFailed = await deps.db.ehrNote.count({ where: { adminTaskId: taskId, status: "FAILED" } });
  if (stillFailed > 0) return;
  await closeTaskBySystem(deps, taskId, "ehr-note-filed");
}
