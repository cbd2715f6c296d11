import { z } from "zod";
import { AppError } from "../lib/errors.js";
import { adminProcedure, authedProcedure, router } from "../trpc/trpc.js";

const MAX_JUMP_MS = 31 * 86_400_000;

export const clockRouter = router({
  get: authedProcedure.query(({ ctx }) => ({
    now: ctx.clock?.now() ?? new Date(),
    offsetMs: ctx.clock?.offsetMs() ?? 0,
    canAdvance: Boolean(ctx.clock),
  })),
  /** QA/demo only: moves virtual time forward for the whole product (embedded engine). */
  advance: adminProcedure
    .input(
      z.object({
        ms: z.number().int().min(60_000, "At least one minute").max(MAX_JUMP_MS, "At most 31 days"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.clock)
        throw new AppError("PRECONDITION_FAILED", "The clock can only be moved in embedded mode");
      await ctx.clock.advance(input.ms);
      return { now: ctx.clock.now(), offsetMs: ctx.clock.offsetMs() };
    }),
});
