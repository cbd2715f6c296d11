import { schedules } from "@trigger.dev/sdk";
import { formatISO } from "date-fns";
import { notifyStaff, supervisorIds } from "../../server/services/notifications/notify.js";
import { dailyVolume, slaCompliance } from "../../server/services/reports/digest.js";
import { deliverNotices } from "../shared/notices.js";
import { taskServices } from "../shared/runtime.js";

/** 07:00 every day: yesterday's SLA compliance by severity and volume, to every supervisor (once per day). */
export const dailyDigestTask = schedules.task({
  id: "report.daily-digest",
  cron: { pattern: "0 7 * * *", timezone: "America/New_York" },
  run: async (payload) => {
    const services = taskServices();
    const { db } = services;
    const to = payload.timestamp;
    const from = new Date(to.getTime() - 86_400_000);
    const [compliance, volume] = await Promise.all([
      slaCompliance(db, { from, to }),
      dailyVolume(db, { from, to }),
    ]);
    const summary = compliance.map((c) => `${c.severity.toLowerCase()} ${c.percent ?? "–"}%`).join(", ");
    const day = formatISO(from, { representation: "date" });
    await notifyStaff(db, {
      userIds: await supervisorIds(db),
      kind: "DAILY_DIGEST",
      title: `Digest ${day}: within SLA ${summary}; ${volume.tasks} tasks, ${volume.checkIns} check-ins`,
      channels: ["IN_APP", "EMAIL"],
      key: `digest:${day}`,
    });
    const { emails } = await deliverNotices(services);
    return { day, compliance, volume, emails };
  },
});
