import type { Db } from "../../db/client.js";
import type { JobStarter } from "../../jobs/index.js";
import { now } from "../../lib/clock.js";

const DAY = 86_400_000;

/**
 * Day 2 after discharge: every followed patient with no visit booked or requested is offered
 * times. Started hourly; the offer's key (`day2:<episode>`) makes each episode's offer happen once.
 */
export async function startDay2Offers(deps: { db: Db; jobs: JobStarter }, at: Date = now()) {
  const due = await deps.db.episode.findMany({
    where: {
      status: "ACTIVE",
      // A day-wide band: an hour missed (engine down) is caught up, older episodes are not retried forever.
      dischargedAt: { lte: new Date(at.getTime() - 2 * DAY), gt: new Date(at.getTime() - 3 * DAY) },
      patient: { optedOut: false },
      visitOffers: { none: { key: { startsWith: "day2:" } } },
      appointments: { none: { status: { in: ["SCHEDULED", "CONFIRMED", "COMPLETED"] } } },
      visitRequests: { none: { status: { in: ["PENDING", "CHANGE_PROPOSED", "APPROVED"] } } },
    },
    select: { id: true, patientId: true },
    orderBy: { dischargedAt: "asc" },
    take: 500,
  });
  for (const e of due)
    await deps.jobs.offerVisit({
      episodeId: e.id,
      patientId: e.patientId,
      cause: "DAY2",
      key: `day2:${e.id}`,
    });
  return { started: due.length };
}
