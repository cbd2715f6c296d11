import { z } from "zod";
import { changePassword } from "../auth/password-change.js";
import { newPasswordSchema } from "../auth/password-policy.js";
import { SESSION_COOKIE, sessionIdFor, signIn, signOut } from "../auth/session-service.js";
import { now } from "../lib/clock.js";
import { authedProcedure, passwordChangeProcedure, publicProcedure, router } from "../trpc/trpc.js";

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
  // `demo` is public so the sign-in page shows it too; what real is configured is not.
  me: publicProcedure.query(({ ctx }) => ({ user: ctx.user, demo: ctx.config.demo })),
  changePassword: passwordChangeProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const token = ctx.cookies.get(SESSION_COOKIE) ?? "";
      await changePassword(ctx.db, { userId: ctx.user.id, currentSessionId: sessionIdFor(token), ...input });
      return { ok: true as const };
    }),
  system: authedProcedure.query(({ ctx }) => ({
    mode: ctx.config.mode,
    demo: ctx.config.demo,
    /** Non-empty only when demo mode was asked for alongside real settings: the SPA warns. */
    demoAlongside: ctx.config.demo ? ctx.config.realConfigured : [],
    /** The phone simulator: demo mode with texts going to the local outbox (server/routers/sim-router.ts). */
    simulator: ctx.config.demo && ctx.smsConfig?.mode === "embedded",
    hospitalName: ctx.config.env.HOSPITAL_NAME,
    serverNow: now(),
  })),
});
