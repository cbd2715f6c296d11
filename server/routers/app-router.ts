import { router } from "../trpc/trpc.js";
import { adminRouter } from "./admin-router.js";
import { appointmentRouter } from "./appointment-router.js";
import { authRouter } from "./auth-router.js";
import { boardRouter } from "./board-router.js";
import { clockRouter } from "./clock-router.js";
import { ehrNoteRouter } from "./ehr-note-router.js";
import { episodeRouter } from "./episode-router.js";
import { hospitalFeedRouter } from "./hospital-feed-router.js";
import { notificationRouter } from "./notification-router.js";
import { reportRouter } from "./report-router.js";
import { runsRouter } from "./runs-router.js";
import { simRouter } from "./sim-router.js";
import { systemRouter } from "./system-router.js";
import { taskRouter } from "./task-router.js";
import { tcmRouter } from "./tcm-router.js";
import { timelineRouter } from "./timeline-router.js";
import { trendsRouter } from "./trends-router.js";
import { visitRouter } from "./visit-router.js";

export const appRouter = router({
  auth: authRouter,
  task: taskRouter,
  episode: episodeRouter,
  appointment: appointmentRouter,
  sim: simRouter,
  clock: clockRouter,
  runs: runsRouter,
  board: boardRouter,
  admin: adminRouter,
  timeline: timelineRouter,
  notification: notificationRouter,
  system: systemRouter,
  hospitalFeed: hospitalFeedRouter,
  ehrNote: ehrNoteRouter,
  report: reportRouter,
  trends: trendsRouter,
  tcm: tcmRouter,
  visit: visitRouter,
});

export type AppRouter = typeof appRouter;
