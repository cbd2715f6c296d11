import { schedules } from "@trigger.dev/sdk";

/** No cron here: the schedules come from `schedules.create` (imperative), one per user. */
export const perUser = schedules.task({
  id: "compat.per-user",
  run: async (payload) => ({
    type: payload.type,
    externalId: payload.externalId ?? null,
    scheduleId: payload.scheduleId,
    upcoming: payload.upcoming.length,
  }),
});
