import { z } from "zod";
import { SESSION_COOKIE, signIn, signOut } from "../auth/session-service.js";
import { now } from "../lib/clock.js";
import { authedProcedure, publicProcedure, router } from "../trpc/trpc.js";

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const session = await signIn(ctx.db, input);
      ctx.cookies.set(SESSION_COOKIE, session.token, { expires: session.expiresAt });
      return { user: session.user };
    }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.db, ctx.cookies.get(SESSION_COOKIE));
    ctx.cookies.clear(SESSION_COOKIE);
    return { ok: true as const };
  }),
  me: publicProcedure.query(({ ctx }) => ({ user: ctx.user })),
  system: authedProcedure.query(({ ctx }) => ({
    mode: ctx.config.mode,
    hospitalName: ctx.config.env.HOSPITAL_NAME,
    serverNow: now(),
  })),
});
