import { router } from "../trpc/trpc.js";
import { adminRouter } from "./admin-router.js";
import { appointmentRouter } from "./appointment-router.js";
import { authRouter } from "./auth-router.js";
import { boardRouter } from "./board-router.js";
import { clockRouter } from "./clock-router.js";
import { episodeRouter } from "./episode-router.js";
import { notificationRouter } from "./notification-router.js";
import { runsRouter } from "./runs-router.js";
import { simRouter } from "./sim-router.js";
import { taskRouter } from "./task-router.js";
import { timelineRouter } from "./timeline-router.js";
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
  visit: visitRouter,
});

export type AppRouter = typeof appRouter;
