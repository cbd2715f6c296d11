import { logger, schedules } from "@trigger.dev/sdk";
import { jobs } from "../../server/jobs/index.js";
import { closeEpisode } from "../../server/services/episodes/close-episode.js";
import { integrityFindings, retentionCleanup } from "../../server/services/reports/maintenance.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

export const retentionTask = schedules.task({
  id: "maintenance.retention",
  cron: { pattern: "30 3 * * *", timezone: "UTC" },
  run: async (payload) => retentionCleanup(taskServices().db, payload.timestamp),
});

/**
 * Hourly: closes episodes past day 30 that are still active, starts a monitor for open tasks that
 * have none, sends staff pages and e-mails left pending, and reports check-ins left open on closed
 * episodes. Safe to run any number of times.
 */
export const integrityTask = schedules.task({
  id: "maintenance.integrity",
  cron: { pattern: "15 * * * *", timezone: "UTC" },
  run: async (payload) => {
    const services = taskServices();
    const { db } = services;
    const found = await integrityFindings(db, payload.timestamp);
    for (const ep of found.overdueEpisodes)
      await closeEpisode(db, { episodeId: ep.id, reason: "DAY_30_INTEGRITY" });
    for (const t of found.unmonitoredTasks) await jobs.monitorSla(t, "repair");
    // Pages and e-mails a task's own run could not deliver (provider down, a crash mid-send).
    const notices = await deliverNotices(services, { limit: 200 });
    const report = {
      overdueEpisodesClosed: found.overdueEpisodes.length,
      monitorsStarted: found.unmonitoredTasks.length,
      notices,
      orphanCheckIns: found.orphanCheckIns,
    };
    logger.info("integrity check", report);
    return report;
  },
});
