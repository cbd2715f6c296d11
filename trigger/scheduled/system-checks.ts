import { logger, schedules } from "@trigger.dev/sdk";
import { loadMonitoringConfig } from "../../server/config/index.js";
import { engineStateOn, runSystemChecks } from "../../server/services/alerts/index.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

/**
 * Every five minutes: the operator's checks (run backlog and age, runs failed after retries, 5xx
 * rate, text failures, database, SLA monitors). Each condition raises one alert to the admins
 * (in the app, by e-mail, and the optional ALERT_WEBHOOK_URL) and resolves when it clears; the
 * same round writes the System page's five-minute history. Safe to run any number of times.
 */
export const systemChecksTask = schedules.task({
  id: "system.checks",
  cron: { pattern: "*/5 * * * *", timezone: "UTC" },
  run: async (payload) => {
    const services = taskServices();
    const url = process.env.DATABASE_URL ?? "";
    const engine = await engineStateOn(url);
    const result = await runSystemChecks(
      { db: services.db, settings: loadMonitoringConfig(process.env), ...(engine ? { engine } : {}) },
      payload.timestamp,
    );
    // The admins' e-mails go out now, not at the next hourly integrity round.
    const notices = result.raised.length ? await deliverNotices(services, { limit: 50 }) : null;
    if (result.raised.length || result.resolved.length) logger.info("system checks", { ...result, notices });
    return { ...result, ...(notices ? { emails: notices.emails } : {}) };
  },
});
