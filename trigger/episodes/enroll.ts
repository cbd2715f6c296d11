import { idempotencyKeys, metadata, schemaTask, wait } from "@trigger.dev/sdk";
import { format } from "date-fns";
import { JOB_PAYLOADS } from "../../server/jobs/index.js";
import { now } from "../../server/lib/clock.js";
import { ensureCheckInSlot } from "../../server/services/checkins/checkin-store.js";
import { episodeDay } from "../../server/services/checkins/schedule.js";
import { closeEpisode } from "../../server/services/episodes/close-episode.js";
import { checkinRunTask } from "../checkins/run.js";
import { careQueue, standardRetry } from "../shared/config.js";
import { runKey } from "../shared/keys.js";
import { taskServices } from "../shared/runtime.js";
import { sendFromTask } from "../shared/send.js";

const MAX_SLOTS = 40;

/**
 * The 30-day follow-up of one episode: welcome/consent text, then each check-in slot in turn
 * (slot times are stored, so a re-executed run waits for the same moments), then closing at day 30.
 */
export const episodeEnrollTask = schemaTask({
  id: "episode.enroll",
  schema: JOB_PAYLOADS["episode.enroll"],
  queue: careQueue,
  retry: standardRetry,
  maxDuration: 600,
  run: async ({ episodeId }, { ctx }) => {
    const { db } = taskServices();
    const episode = await db.episode.findUniqueOrThrow({
      where: { id: episodeId },
      include: { patient: true },
    });
    if (episode.status !== "ACTIVE") return { closed: false, reason: "NOT_ACTIVE" };
    await db.episode.update({ where: { id: episodeId }, data: { enrollRunId: ctx.run.id } });
    const tags = [`patient:${episode.patientId}`, `episode:${episodeId}`];
    if (episode.patient.consentStatus !== "GRANTED") {
      await sendFromTask({
        patientId: episode.patientId,
        episodeId,
        template: "consent.request",
        vars: {},
        purpose: "CONSENT",
        idempotencyKey: `enroll:${episodeId}:consent`,
      });
    }
    // The run is re-executed from the top after every wait (embedded engine); check-ins already
    // behind it are skipped: their waits and child runs are over, going through them again would
    // only cost queries. Every wait and child run is keyed, so skipping shifts nothing else.
    const settled = await db.checkIn.findMany({
      where: { episodeId, status: { notIn: ["SCHEDULED", "IN_PROGRESS"] } },
      select: { slot: true },
    });
    const behind = new Set(settled.map((c) => c.slot));
    for (let slot = 1; slot <= MAX_SLOTS; slot++) {
      if (behind.has(slot)) continue;
      const checkIn = await ensureCheckInSlot(db, episodeId, slot);
      if (checkIn.scheduledAt >= episode.closesAt) break;
      metadata
        .set("status", `next check-in ${format(checkIn.scheduledAt, "EEE HH:mm")}`)
        .set("nextCheckInAt", checkIn.scheduledAt.toISOString())
        .set("day", `day ${episodeDay(episode.dischargedAt, now())} of 30`);
      await wait.until({ date: checkIn.scheduledAt, idempotencyKey: await runKey(`slot:${slot}`) });
      const current = await db.episode.findUniqueOrThrow({
        where: { id: episodeId },
        select: { status: true },
      });
      if (current.status !== "ACTIVE") return { closed: false, reason: "CLOSED_BY_NURSE" };
      metadata
        .set("status", `check-in ${slot} in progress`)
        .set("day", `day ${episodeDay(episode.dischargedAt, now())} of 30`);
      const result = await checkinRunTask.triggerAndWait(
        { checkInId: checkIn.id },
        { idempotencyKey: await idempotencyKeys.create(`checkin:${checkIn.id}`, { scope: "global" }), tags },
      );
      if (!result.ok) metadata.increment("failedCheckIns", 1);
    }
    metadata.set("status", "waiting for day 30");
    await wait.until({ date: episode.closesAt, idempotencyKey: await runKey("day-30") });
    const { closed } = await closeEpisode(db, { episodeId, reason: "DAY_30" });
    if (closed) {
      await sendFromTask({
        patientId: episode.patientId,
        episodeId,
        template: "episode.closing",
        vars: {},
        purpose: "SCHEDULED",
        idempotencyKey: `enroll:${episodeId}:closing`,
      });
    }
    metadata.set("status", "closed at day 30").set("day", "day 30 of 30");
    return { closed, reason: "DAY_30" };
  },
});
