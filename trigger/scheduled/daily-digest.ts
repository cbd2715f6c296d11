import { schedules } from "@trigger.dev/sdk";
import { recordDailyDigest } from "../../server/services/reports/digest.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

/** 07:00 every day: yesterday's SLA compliance by severity and volume, to every supervisor (once per day). */
export const dailyDigestTask = schedules.task({
  id: "report.daily-digest",
  cron: { pattern: "0 7 * * *", timezone: "America/New_York" },
  run: async (payload) => {
    const services = taskServices();
    const digest = await recordDailyDigest(services.db, payload.timestamp);
    const { emails } = await deliverNotices(services);
    return { ...digest, emails };
  },
});
