import { z } from "zod";
import {
  getWeeklySummary,
  listWeeklySummaries,
  resendWeeklySummary,
} from "../services/reports/weekly-summary.js";
import { adminProcedure, router, supervisorProcedure } from "../trpc/trpc.js";

// A week is named by its Monday, a real calendar date.
const weekSchema = z
  .string()
  .regex(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "week must be a date like 2026-11-23");

export const reportRouter = router({
  weeks: supervisorProcedure.query(({ ctx }) =>
    listWeeklySummaries(ctx.db, { userId: ctx.user.id, role: ctx.user.role }),
  ),
  week: supervisorProcedure
    .input(z.object({ week: weekSchema }))
    .query(({ ctx, input }) =>
      getWeeklySummary(ctx.db, { userId: ctx.user.id, role: ctx.user.role }, input.week),
    ),
  resend: adminProcedure
    .input(z.object({ week: weekSchema, recipientId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      resendWeeklySummary({ db: ctx.db, ...(ctx.email ? { email: ctx.email } : {}) }, input),
    ),
});
