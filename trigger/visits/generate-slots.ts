import { logger, schedules } from "@trigger.dev/sdk";
import { loadVisitSettings } from "../../server/services/visits/settings.js";
import { generateAllSlots } from "../../server/services/visits/slots.js";
import { taskServices } from "../shared/runtime.js";

/**
 * Nightly: every clinician's bookable slots for the coming weeks, and unbooked past slots removed.
 * Runs at 02:10 UTC (night in the Americas); safe to run any number of times.
 */
export const generateSlotsTask = schedules.task({
  id: "visit.generate-slots",
  cron: { pattern: "10 2 * * *", timezone: "UTC" },
  run: async (payload) => {
    const report = await generateAllSlots(taskServices().db, {
      at: payload.timestamp,
      weeks: loadVisitSettings().VISIT_SLOT_WEEKS,
    });
    logger.info("slots generated", report);
    return report;
  },
});
