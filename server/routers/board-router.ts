import { z } from "zod";
import { getSlaBoard } from "../services/board/sla-board.js";
import { getSlaCompliance } from "../services/board/sla-compliance.js";
import { getOutcomeMeasures } from "../services/outcomes/index.js";
import { router, supervisorProcedure } from "../trpc/trpc.js";

export const boardRouter = router({
  get: supervisorProcedure
    .input(z.object({ limit: z.number().int().min(1).max(5000).default(2000) }).default({ limit: 2000 }))
    .query(({ ctx, input }) => getSlaBoard(ctx.db, input)),
  compliance: supervisorProcedure
    .input(z.object({ days: z.number().int().min(1).max(90).default(14) }).default({ days: 14 }))
    .query(({ ctx, input }) => getSlaCompliance(ctx.db, input)),
  // Readmission and ED-return rates from the hospital feed (aggregates: no PHI).
  outcomes: supervisorProcedure
    .input(z.object({ months: z.number().int().min(1).max(24).default(6) }).default({ months: 6 }))
    .query(({ ctx, input }) => getOutcomeMeasures(ctx.db, input)),
});
