import { logger, schedules } from "@trigger.dev/sdk";
import { repairIntegrity, retentionCleanup } from "../../server/services/reports/maintenance.js";
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
    const repaired = await repairIntegrity(services, payload.timestamp);
    // Pages and e-mails a task's own run could not deliver (provider down, a crash mid-send).
    const notices = await deliverNotices(services, { limit: 200 });
    const report = {
      overdueEpisodesClosed: repaired.overdueEpisodesClosed,
      monitorsStarted: repaired.monitorsStarted,
      notices,
      orphanCheckIns: repaired.orphanCheckIns,
    };
    logger.info("integrity check", report);
    return report;
  },
});
