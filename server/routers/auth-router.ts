import { z } from "zod";
import { changePassword } from "../auth/password-change.js";
import { newPasswordSchema } from "../auth/password-policy.js";
import { SESSION_COOKIE, sessionIdFor, touchSession } from "../auth/session-service.js";
import { signInGuard } from "../auth/sign-in-guard.js";
import { signOutUser } from "../auth/sign-out.js";
import { now, wallClockNow } from "../lib/clock.js";
import { idleMsOf } from "../trpc/context.js";
import { authedProcedure, passwordChangeProcedure, publicProcedure, router } from "../trpc/trpc.js";

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const session = await signInGuard.signIn(ctx.db, { ...input, ip: ctx.ip });
      ctx.cookies.set(SESSION_COOKIE, session.token, { expires: session.expiresAt });
      return { user: session.user };
    }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOutUser(ctx.db, { token: ctx.cookies.get(SESSION_COOKIE), user: ctx.user, ip: ctx.ip });
    ctx.cookies.clear(SESSION_COOKIE);
    return { ok: true as const };
  }),
  // `demo` is public so the sign-in page shows it too; what real is configured is not.
  // Remaining time rather than a deadline, so the browser's clock does not matter.
  me: publicProcedure.query(({ ctx }) => ({
    user: ctx.user,
    demo: ctx.config.demo,
    idleRemainingMs: ctx.session ? ctx.session.idleExpiresAt.getTime() - wallClockNow().getTime() : null,
  })),
  /** Someone is at the keyboard: pushes the idle sign-out back (the SPA calls it on activity). */
  keepAlive: authedProcedure.mutation(async ({ ctx }) => {
    if (!ctx.session) return { idleRemainingMs: null };
    const until = await touchSession(ctx.db, ctx.session, idleMsOf(ctx.config));
    return { idleRemainingMs: until.getTime() - wallClockNow().getTime() };
  }),
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
