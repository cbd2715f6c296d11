import { idempotencyKeys, schemaTask, wait } from "@trigger.dev/sdk";
import { JOB_PAYLOADS, jobKeys, jobTags } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import {
  afterVisitStillDue,
  otherCheckInOpen,
  planAfterVisit,
} from "../../server/services/visits/after-visit.js";
import { checkinRunTask } from "../checkins/run.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";

/**
 * After an attended visit: the 24 h and 1 week questions, each run as a check-in (`checkin.run`)
 * so the same rules pipeline reads and judges the answers. Idempotent per appointment (job key)
 * and per set (the check-in rows and child runs are keyed).
 */
export const visitAfterTask = schemaTask({
  id: "visit.after",
  schema: JOB_PAYLOADS["visit.after"],
  queue: careQueue,
  retry: standardRetry,
  run: async ({ appointmentId }) => {
    const { db } = taskServices();
    const plan = await planAfterVisit(db, appointmentId);
    if (!plan) return { outcome: "NOT_ATTENDED" };
    const tags = [jobTags.patient(plan.patientId), jobTags.appointment(appointmentId)];
    const asked: string[] = [];
    for (const set of plan.checkIns) {
      if (set.status !== "SCHEDULED") continue;
      if (set.scheduledAt > now())
        await wait.until({ date: set.scheduledAt, idempotencyKey: await runKey(`set:${set.which}`) });
      // Two conversations at once would fight over the patient's reply; a check-in takes minutes.
      for (let i = 0; i < 12 && (await otherCheckInOpen(db, plan.episodeId, set.id)); i++)
        await wait.for({ minutes: 30, idempotencyKey: await runKey(`busy:${set.which}:${i}`) });
      if (!(await afterVisitStillDue(db, set.id))) continue;
      await checkinRunTask.triggerAndWait(
        { checkInId: set.id },
        {
          idempotencyKey: await idempotencyKeys.create(jobKeys.checkIn(set.id), { scope: "global" }),
          tags,
        },
      );
      asked.push(set.which);
    }
    return { outcome: "DONE", asked };
  },
});
