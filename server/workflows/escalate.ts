import { idempotencyKeys, tasks } from "@trigger.dev/sdk";
import type { assignTaskTask } from "../../trigger/tasks/assign.js";
import type { slaMonitorTask } from "../../trigger/tasks/sla-monitor.js";
import type { Db } from "../db/client.js";
import type { EscalationInput, EscalationResult } from "../services/escalation/raise-escalation.js";
import { raiseEscalation } from "../services/escalation/raise-escalation.js";

/**
 * Creates or merges the escalation task, then starts what follows it: assignment for a new task,
 * and an SLA monitor for a new task or one whose severity (and so its clock) just changed.
 * Keys are global so a re-executed step never starts a second assignment or monitor.
 */
export async function escalate(db: Db, input: EscalationInput): Promise<EscalationResult> {
  const result = await raiseEscalation(db, input);
  const tags = [`task:${result.taskId}`, `patient:${input.patientId}`];
  if (result.created) {
    await tasks.trigger<typeof assignTaskTask>(
      "task.assign",
      { taskId: result.taskId },
      { idempotencyKey: await idempotencyKeys.create(`assign:${result.taskId}`, { scope: "global" }), tags },
    );
  }
  if (result.created || result.severityRaised) {
    const handle = await tasks.trigger<typeof slaMonitorTask>(
      "task.sla-monitor",
      { taskId: result.taskId },
      {
        idempotencyKey: await idempotencyKeys.create(`sla:${result.taskId}:v${result.version}`, {
          scope: "global",
        }),
        tags,
      },
    );
    // The newest monitor owns the clock; an older one sees this and stops when it wakes.
    await db.escalationTask.update({ where: { id: result.taskId }, data: { monitorRunId: handle.id } });
  }
  return result;
}
