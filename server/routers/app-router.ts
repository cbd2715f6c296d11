import { router } from "../trpc/trpc.js";
import { authRouter } from "./auth-router.js";
import { taskRouter } from "./task-router.js";

export const appRouter = router({
  auth: authRouter,
  task: taskRouter,
});

export type AppRouter = typeof appRouter;
