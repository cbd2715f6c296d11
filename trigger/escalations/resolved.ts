import { schemaTask } from "@trigger.dev/sdk";
import { formatISO } from "date-fns";
import type { Disposition } from "../../server/db/client.js";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

// A closing text only where the patient was reached and helped; not after 911, a false alarm or
// when nobody could reach them (a text would then be confusing or alarming).
const CLOSING_TEXT: Record<Disposition, boolean> = {
  ED_911_CONFIRMED: false,
  MEDICATION_ISSUE_RESOLVED: true,
  APPOINTMENT_BOOKED: true,
  TRANSPORT_ARRANGED: true,
  ADVICE_GIVEN: true,
  UNABLE_TO_REACH_X3: false,
  FALSE_ALARM: false,
};

export const escalationResolvedTask = schemaTask({
  id: "task.resolved",
  schema: JOB_PAYLOADS["task.resolved"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ taskId }) => {
    const { db } = taskServices();
    const task = await db.escalationTask.findUnique({
      where: { id: taskId },
      select: { status: true, disposition: true, patientId: true, episodeId: true, primaryReason: true },
    });
    if (task?.status !== "RESOLVED" || !task.disposition) return { sent: false };
    if (!CLOSING_TEXT[task.disposition]) return { sent: false };
    // One follow-up text when the patient's last open concern is closed, not one per task.
    const stillOpen = await db.escalationTask.count({
      where: { patientId: task.patientId, status: { in: ["OPEN", "IN_PROGRESS"] } },
    });
    if (stillOpen > 0) return { sent: false };
    const result = await sendFromTask({
      patientId: task.patientId,
      ...(task.episodeId ? { episodeId: task.episodeId } : {}),
      template: "task.followed_up",
      vars: {},
      purpose: "REPLY",
      idempotencyKey: `followed-up:${task.patientId}:${formatISO(now(), { representation: "date" })}`,
    });
    return { sent: result.kind === "SENT" };
  },
});
