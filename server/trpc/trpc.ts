import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { touchSession } from "../auth/session-service.js";
import type { UserRole } from "../db/client.js";
import { currentRequestId } from "../lib/log-context.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../observability/metrics.js";
import { type Context, idleMsOf } from "./context.js";
import { toTRPCError } from "./errors.js";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    // The request id lets a support call find this request's log lines.
    return {
      ...shape,
      data: { ...shape.data, stack: undefined, zodError, requestId: currentRequestId() ?? null },
    };
  },
});

// Domain errors become their tRPC code here, in one place; anything else unexpected is logged
// (ids only) and surfaces as INTERNAL_SERVER_ERROR without leaking its message.
const mapErrors = t.middleware(async ({ next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error);
  if (mapped) throw mapped;
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    logger.error("procedure failed", { path, type, error: result.error.cause?.name ?? result.error.name });
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "Something went wrong; it has been logged.",
    });
  }
  return result;
});

// Latency and outcome per procedure path (a fixed set: the router's own names), for /metrics.
const observe = t.middleware(async ({ next, path, type }) => {
  const started = performance.now();
  const result = await next();
  metrics.trpcCall(path, type, result.ok ? "ok" : result.error.code, (performance.now() - started) / 1000);
  return result;
});

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 20 || value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v, depth + 1));
}

// Postgres text cannot hold NUL; no form field legitimately contains one.
const rejectNul = t.middleware(async ({ getRawInput, next }) => {
  if (hasNul(await getRawInput())) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Text may not contain NUL characters" });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(observe).use(mapErrors).use(rejectNul);

/** Signed in, even with a password that must be changed: only for changing it. */
export const passwordChangeProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  // A mutation is someone acting: it pushes the idle sign-out back. Queries (live views
  // re-querying on their own) do not, or an open screen would never time out.
  if (type === "mutation" && ctx.session) await touchSession(ctx.db, ctx.session, idleMsOf(ctx.config));
  return next({ ctx: { ...ctx, user: ctx.user } });
});

// After an admin's reset the temporary password has been seen by someone else: until its owner
// picks a new one, the session reaches nothing but the password change (enforced here, for every
// procedure, not only in the SPA).
export const authedProcedure = passwordChangeProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Change your password before you continue" });
  }
  return next();
});

function withRoles(roles: readonly UserRole[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role cannot do this" });
    }
    return next();
  });
}

/** Clinical staff: nurses, and supervisors/admins who can also work the queue. */
export const nurseProcedure = withRoles(["NURSE", "SUPERVISOR", "ADMIN"]);
export const supervisorProcedure = withRoles(["SUPERVISOR", "ADMIN"]);
export const adminProcedure = withRoles(["ADMIN"]);
