import { logger, schedules } from "@trigger.dev/sdk";
import { startDay2Offers } from "../../server/services/visits/day2-offers.js";
import { taskServices } from "../shared/runtime.js";

/** Hourly: day-2 visit offers for patients with no visit yet (each episode once). */
export const day2OffersTask = schedules.task({
  id: "visit.day2-offers",
  cron: { pattern: "5 * * * *", timezone: "UTC" },
  run: async (payload) => {
    const report = await startDay2Offers(taskServices(), payload.timestamp);
    logger.info("day-2 visit offers", report);
    return report;
  },
});
