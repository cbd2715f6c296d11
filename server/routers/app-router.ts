import { router } from "../trpc/trpc.js";
import { adminRouter } from "./admin-router.js";
import { authRouter } from "./auth-router.js";
import { boardRouter } from "./board-router.js";
import { taskRouter } from "./task-router.js";
import { timelineRouter } from "./timeline-router.js";

export const appRouter = router({
  auth: authRouter,
  task: taskRouter,
  board: boardRouter,
  admin: adminRouter,
  timeline: timelineRouter,
});

export type AppRouter = typeof appRouter;
