import { z } from "zod";
import { AppError } from "../lib/errors.js";
import type { Context } from "../trpc/context.js";
import { adminProcedure, authedProcedure, router } from "../trpc/trpc.js";

const MAX_JUMP_MS = 31 * 86_400_000;

// The demo clock moves Date for the whole process: outside demo mode (real patients, real staff)
// nobody may move it, whatever engine is running.
function demoClock(ctx: Context) {
  if (!ctx.config.demo) throw new AppError("FORBIDDEN", "The clock can only be moved in demo mode");
  if (!ctx.clock)
    throw new AppError("PRECONDITION_FAILED", "The clock can only be moved with the embedded engine");
  return ctx.clock;
}

export const clockRouter = router({
  get: authedProcedure.query(({ ctx }) => {
    const clock = ctx.config.demo ? ctx.clock : undefined;
    return {
      now: clock?.now() ?? new Date(),
      offsetMs: clock?.offsetMs() ?? 0,
      canAdvance: Boolean(clock),
    };
  }),
  /** Demo mode only: moves virtual time forward for the whole product (embedded engine). */
  advance: adminProcedure
    .input(
      z.object({
        ms: z.number().int().min(60_000, "At least one minute").max(MAX_JUMP_MS, "At most 31 days"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const clock = demoClock(ctx);
      await clock.advance(input.ms);
      return { now: clock.now(), offsetMs: clock.offsetMs() };
    }),
});
