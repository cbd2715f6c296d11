import { idempotencyKeys, metadata, schemaTask, wait } from "@trigger.dev/sdk";
import { format } from "date-fns";
import { JOB_PAYLOADS, jobKeys, jobTags } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import {
  checkInForSlot,
  closeAtDay30,
  followUpDay,
  isStillFollowed,
  MAX_SLOTS,
  startFollowUp,
} from "../../server/services/enrolment/index.js";
import { checkinRunTask } from "../checkins/run.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

/**
 * The 30-day follow-up of one episode: welcome/consent text, then each check-in slot in turn
 * (slot times are stored, so a re-executed run waits for the same moments), then closing at day 30.
 * The steps live in server/services/enrolment; this file owns the waiting and the live status.
 */
export const episodeEnrollTask = schemaTask({
  id: "episode.enroll",
  schema: JOB_PAYLOADS["episode.enroll"],
  queue: careQueue,
  retry: standardRetry,
  maxDuration: 600,
  run: async ({ episodeId }) => {
    const { db } = taskServices();
    const followUp = await startFollowUp(db, episodeId);
    if (!followUp) return { closed: false, reason: "NOT_ACTIVE" };
    if (followUp.welcome) await sendFromTask(followUp.welcome);
    const tags = [jobTags.patient(followUp.patientId), jobTags.episode(episodeId)];
    // The run is re-executed from the top after every wait (embedded engine); check-ins already
    // behind it are skipped. Every wait and child run is keyed, so skipping shifts nothing else.
    for (let slot = 1; slot <= MAX_SLOTS; slot++) {
      if (followUp.settledSlots.has(slot)) continue;
      const checkIn = await checkInForSlot(db, followUp, slot);
      if (!checkIn) break;
      metadata
        .set("status", `next check-in ${format(checkIn.scheduledAt, "EEE HH:mm")}`)
        .set("nextCheckInAt", checkIn.scheduledAt.toISOString())
        .set("day", followUpDay(followUp, now()));
      await wait.until({ date: checkIn.scheduledAt, idempotencyKey: await runKey(`slot:${slot}`) });
      if (!(await isStillFollowed(db, episodeId))) return { closed: false, reason: "CLOSED_BY_NURSE" };
      metadata.set("status", `check-in ${slot} in progress`).set("day", followUpDay(followUp, now()));
      const result = await checkinRunTask.triggerAndWait(
        { checkInId: checkIn.id },
        {
          idempotencyKey: await idempotencyKeys.create(jobKeys.checkIn(checkIn.id), { scope: "global" }),
          tags,
        },
      );
      if (!result.ok) metadata.increment("failedCheckIns", 1);
    }
    metadata.set("status", "waiting for day 30");
    await wait.until({ date: followUp.closesAt, idempotencyKey: await runKey("day-30") });
    const { closed, farewell } = await closeAtDay30(db, followUp);
    if (farewell) await sendFromTask(farewell);
    metadata.set("status", "closed at day 30").set("day", "day 30 of 30");
    return { closed, reason: "DAY_30" };
  },
});
