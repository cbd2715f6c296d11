import { schedules } from "@trigger.dev/sdk";
import { hospitalTimeZone } from "../../server/services/reports/weekly-calendar.js";
import { produceWeeklySummaries } from "../../server/services/reports/weekly-summary.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

/**
 * Monday 08:00 in the hospital's zone: last week's summary for every supervisor, stored for the
 * page and e-mailed, once per week and supervisor however often it runs.
 */
export const weeklySummaryTask = schedules.task({
  id: "report.weekly-summary",
  cron: { pattern: "0 8 * * 1", timezone: hospitalTimeZone() },
  run: async (payload) => {
    const services = taskServices();
    const summary = await produceWeeklySummaries(services.db, payload.timestamp, hospitalTimeZone());
    const { emails } = await deliverNotices(services);
    return { ...summary, emails };
  },
});
