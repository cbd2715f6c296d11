import { z } from "zod";
import { listAlerts, listSamples } from "../services/alerts/index.js";
import { adminProcedure, router } from "../trpc/trpc.js";

/** The admin System page: system alerts (open and past) and the rolled-up key series. */
export const systemRouter = router({
  alerts: adminProcedure
    .input(
      z.object({ historyLimit: z.number().int().min(1).max(200).default(50) }).default({ historyLimit: 50 }),
    )
    .query(({ ctx, input }) => listAlerts(ctx.db, input)),
  series: adminProcedure
    .input(z.object({ range: z.enum(["24h", "7d"]) }))
    .query(({ ctx, input }) => listSamples(ctx.db, input)),
});
